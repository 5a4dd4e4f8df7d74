package dev.jobpool.job.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets Tomcat send a response that fits its buffer (8 KB) in one write, with a Content-Length. Spring flushes
 * every body it writes (the message converter, then the return-value handler), and a flush commits a response
 * before its length is known: Tomcat then sends it chunked, in two writes (the body, then the last chunk), and
 * the client sees no Content-Length. Here a flush is put off until the request ends, except in an event stream,
 * whose flushes are its point. A body larger than the buffer still goes out as the buffer fills.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // around Spring Security's filters, whose response wrappers flush too
class OneWriteResponseFilter extends OncePerRequestFilter {

    private static final String EVENT_STREAM = "text/event-stream";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new FlushAtTheEnd(response));
    }

    private static final class FlushAtTheEnd extends HttpServletResponseWrapper {

        private ServletOutputStream body;

        FlushAtTheEnd(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (body == null) {
                body = new Body(super.getOutputStream());
            }
            return body;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (isEventStream()) {
                super.flushBuffer();
            }
        }

        private boolean isEventStream() {
            String type = getContentType();
            return type != null && type.startsWith(EVENT_STREAM);
        }

        private final class Body extends ServletOutputStream {

            private final ServletOutputStream out;

            Body(ServletOutputStream out) {
                this.out = out;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                if (isEventStream()) {
                    out.flush();
                }
            }

            @Override
            public void close() throws IOException {
                out.close();
            }

            @Override
            public boolean isReady() {
                return out.isReady();
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                out.setWriteListener(listener);
            }
        }
    }
}
