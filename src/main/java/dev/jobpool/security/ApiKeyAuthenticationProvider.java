package dev.jobpool.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a bearer token that is an API key ({@code jp_...}); other tokens are left to the JWT
 * provider. Every failure reads the same, so a caller cannot tell an unknown key from a revoked or expired one.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    static final String REFUSED = "the credential is missing, malformed, unknown, expired or revoked";

    private final ApiKeys keys;

    ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (!token.startsWith(ApiKeys.PREFIX)) {
            return null; // not an API key: a JWT provider may know it
        }
        return keys.authenticate(token).map(CallerAuthentication::new)
                .orElseThrow(() -> new InvalidBearerTokenException(REFUSED));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Keeps an API key away from another provider (a JWT decoder would only fail on it). */
    record NotAnApiKey(AuthenticationProvider delegate) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication authentication) {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            return token.startsWith(ApiKeys.PREFIX) ? null : delegate.authenticate(authentication);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return delegate.supports(authentication);
        }
    }
}
