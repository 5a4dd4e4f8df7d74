package dev.jobpool.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by the dashboard's session cookie, when it carries no {@code Authorization} header (a bearer
 * credential always wins). A cookie that names no live session is no credential at all: the request goes on as an
 * anonymous one (a protected endpoint answers 401, the dashboard's page and the API docs still load), and the
 * browser is told to drop the cookie. Sign-in itself ignores the cookie, so an expired one never stands in the way.
 */
final class SessionCookieFilter extends OncePerRequestFilter {

    private static final RequestMatcher SIGN_IN = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, SessionController.PATH);

    private final Sessions sessions;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    SessionCookieFilter(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(HttpHeaders.AUTHORIZATION) == null && !SIGN_IN.matches(request) ? cookie(request) : null;
        if (id != null) {
            Optional<Session> session = sessions.find(id); // an outage: a 503, by StoreOutageFilter
            if (session.isPresent()) {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new SessionAuthentication(session.get()));
                contexts.setContext(context);
                repository.saveContext(context, request, response);
            } else {
                response.addHeader(HttpHeaders.SET_COOKIE, Sessions.clearingCookie(request.isSecure()).toString());
            }
        }
        chain.doFilter(request, response);
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (Sessions.COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
