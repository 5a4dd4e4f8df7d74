package dev.jobpool.security;

import dev.jobpool.job.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Security's refusals as problem JSON, in the one shape every error has ({@link Problems}). First in line, so
 * the general handler's catch-all never takes an authentication error for a bug.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityProblems {

    /**
     * One answer for every bad credential, so a caller cannot probe which keys exist or were revoked. A 401 always
     * names its scheme (RFC 9110): the entry point sets a detailed challenge; a refusal thrown in a controller (a bad
     * key at sign-in) gets the plain one.
     */
    @ExceptionHandler
    ResponseEntity<Object> unauthenticated(AuthenticationException e, HttpServletResponse response) {
        HttpHeaders headers = new HttpHeaders();
        if (!response.containsHeader(HttpHeaders.WWW_AUTHENTICATE)) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"jobpool\"");
        }
        return Problems.response(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "send a valid credential as Authorization: Bearer <API key or JWT>; the one sent, if any, is missing, "
                        + "malformed, unknown, expired or revoked"), headers);
    }

    /** A state-changing request that the session cookie authenticated, without the session's CSRF token. */
    @ExceptionHandler
    ResponseEntity<Object> csrf(CsrfException e, HttpServletRequest request) {
        String sent = request.getHeader(Sessions.CSRF_HEADER);
        return Problems.response(Problems.of(HttpStatus.FORBIDDEN, "csrf", "CSRF token missing or wrong",
                "a POST, PUT, PATCH or DELETE signed in by the session cookie must carry the session's csrfToken (from POST or "
                        + "GET /api/v1/session) in the " + Sessions.CSRF_HEADER + " header; "
                        + (sent == null ? "this request has none" : "the one this request carries is not it")
                        + ". Nothing was changed"));
    }

    @ExceptionHandler
    ResponseEntity<Object> forbidden(AccessDeniedException e) {
        return Problems.response(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "the credential is valid but lacks the role this needs (submit, read, admin or metrics)"));
    }

    @ExceptionHandler
    ResponseEntity<Object> rateLimited(RateLimitedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limit reached", e.getMessage());
        return Problems.response(problem, Problems.retryAfter(e.retryAfter()));
    }

    @ExceptionHandler
    ResponseEntity<Object> apiKeyNotFound(ApiKeyNotFoundException e) {
        return Problems.response(Problems.of(HttpStatus.NOT_FOUND, "api-key-not-found", "API key not found", e.getMessage()));
    }
}
