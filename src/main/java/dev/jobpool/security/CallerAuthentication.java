package dev.jobpool.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API key, a JWT or a dashboard session ({@link SessionAuthentication}): its
 * {@link Caller}, with the caller's roles as authorities.
 */
class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    CallerAuthentication(Caller caller) {
        super(caller.roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return null; // the secret is not kept past authentication
    }

    @Override
    public String getName() {
        return caller.principal();
    }
}
