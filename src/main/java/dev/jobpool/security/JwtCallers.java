package dev.jobpool.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * A JWT from the configured issuer as a {@link Caller}: the tenant from a configurable claim, the roles from
 * the token's scopes ({@code scope} or {@code scp}) that name one ({@code submit}, {@code read}, ...).
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String tenantClaim;

    JwtCallers(String tenantClaim) {
        this.tenantClaim = tenantClaim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String tenant = jwt.getClaimAsString(tenantClaim);
        if (tenant == null || !Tenants.isValid(tenant)) {
            throw new InvalidBearerTokenException(ApiKeyAuthenticationProvider.REFUSED);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String scope : scopes(jwt)) {
            for (Role role : Role.values()) {
                if (role.id().equals(scope)) {
                    roles.add(role);
                }
            }
        }
        String subject = jwt.getSubject() == null ? "jwt" : "jwt:" + jwt.getSubject();
        return new CallerAuthentication(new Caller(tenant, subject, roles));
    }

    private static Collection<String> scopes(Jwt jwt) {
        Object scope = jwt.getClaims().getOrDefault("scope", jwt.getClaims().get("scp"));
        if (scope instanceof String text) {
            return List.of(text.split(" "));
        }
        if (scope instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
