package dev.jobpool.security;

import dev.jobpool.job.StoreUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A store outage while a request is authenticated (an API key or a session is read from the store on every
 * request) is the same 503 problem as for any request that needs the store, not a 500: Spring Security's filters
 * handle only authentication failures, and let anything else out.
 */
final class StoreOutageFilter extends OncePerRequestFilter {

    private final HandlerExceptionResolver problems;

    StoreOutageFilter(HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (StoreUnavailableException e) {
            if (response.isCommitted()) {
                throw e;
            }
            problems.resolveException(request, response, null, e);
        }
    }
}
