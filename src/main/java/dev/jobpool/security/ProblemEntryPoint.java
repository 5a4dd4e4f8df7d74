package dev.jobpool.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers a missing or bad credential (401, with {@code WWW-Authenticate}) and a missing role (403) as problem
 * JSON, by handing the exception to Spring MVC's exception handlers, where every other error is rendered.
 */
final class ProblemEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final HandlerExceptionResolver problems;

    ProblemEntryPoint(HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused) {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented
                ? "Bearer realm=\"jobpool\", error=\"invalid_token\", error_description=\"" + ApiKeyAuthenticationProvider.REFUSED + "\""
                : "Bearer realm=\"jobpool\"");
        problems.resolveException(request, response, null, refused);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) {
        problems.resolveException(request, response, null, denied);
    }
}
