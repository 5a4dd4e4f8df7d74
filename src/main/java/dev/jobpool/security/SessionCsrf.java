package dev.jobpool.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * CSRF protection for requests the session cookie authenticates, by Spring Security's own {@link CsrfFilter} (its
 * constant-time comparison, its refusals), set up for a cookie that is only one way in among bearer credentials:
 * <ul>
 * <li>it runs after authentication, and protects a request only if the cookie authenticated it and its method can
 *     change something. A bearer credential is never sent by a browser on its own, so it has nothing to forge.</li>
 * <li>the expected token is the session's, from its row ({@link Session#csrfToken}): the same on every replica, for
 *     the session's whole life, returned by sign-in and by {@code GET /api/v1/session}.</li>
 * <li>the token is read from the {@code X-CSRF-Token} header only, as it was issued (no masking against BREACH: the
 *     token is never part of a compressed page), never from a form parameter, which would make Tomcat parse a body
 *     this API does not take.</li>
 * </ul>
 */
final class SessionCsrf {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private SessionCsrf() {
    }

    static CsrfFilter filter(AccessDeniedHandler refusals) {
        CsrfFilter filter = new CsrfFilter(new SessionTokens());
        filter.setRequireCsrfProtectionMatcher(request -> !SAFE_METHODS.contains(request.getMethod())
                && session() != null);
        filter.setRequestHandler(new FromHeader());
        filter.setAccessDeniedHandler(refusals);
        return filter;
    }

    private static Session session() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof SessionAuthentication authenticated
                ? authenticated.session() : null;
    }

    /** The token of the session that authenticated the request; there is nothing to generate or save. */
    private static final class SessionTokens implements CsrfTokenRepository {

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            Session session = session();
            return session == null ? null : token(session.csrfToken());
        }

        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            // asked for only where no session authenticated the request, which is then not protected; were it ever
            // compared, a random value matches nothing a client could send
            return token(UUID.randomUUID().toString());
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
            // the session's token is stored with the session, at sign-in
        }

        private static CsrfToken token(String value) {
            return new DefaultCsrfToken(Sessions.CSRF_HEADER, "_csrf", value);
        }
    }

    /** Reads the token from the header only, and exposes nothing to views (there are none). */
    private static final class FromHeader implements CsrfTokenRequestHandler {

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return request.getHeader(token.getHeaderName());
        }
    }
}
