package dev.jobpool.job.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request whose Content-Type is no concrete media type ({@code application/*}, {@code * / *},
 * unparseable) with 415, on every path: Spring throws on such a header wherever it reads it (an actuator
 * endpoint did, a 500), so it is stopped here, first, with problem JSON.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConcreteContentTypeFilter extends OncePerRequestFilter {

    private final ProblemBodyWriter problems;

    ConcreteContentTypeFilter(JsonMapper json) {
        this.problems = new ProblemBodyWriter(json);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !isConcrete(contentType)) {
            problems.write(response, Problems.ofStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type header must name one concrete media type, such as application/json"),
                    request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
