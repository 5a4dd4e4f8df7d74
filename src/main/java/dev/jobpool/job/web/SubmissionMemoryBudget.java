package dev.jobpool.job.web;

import dev.jobpool.job.JobsProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Keeps client load from exhausting the heap: a submission's body takes several times its size while it is read,
 * validated and stored, so the bodies being submitted at once may hold at most a share of the heap. (As a tree of
 * JSON nodes a 15 MB map of a million numbers took about 230 MB; read into compact items it takes at most about 10
 * bytes of heap per body byte, for a body of one-digit numbers: the body itself, read whole for the fast way to its
 * integers ({@link JobSpecConverter}), and the items' {@code long[]}, grown to twice their number and copied once.
 * The budget keeps its old margin.) One more is answered
 * {@code 429} with {@code Retry-After} before its body is read, and nothing is stored. The largest allowed
 * body always fits, alone.
 */
@Component
class SubmissionMemoryBudget implements HandlerInterceptor, WebMvcConfigurer {

    /** Heap per body byte allowed for while a submission is handled: about twice the worst case (see above). */
    static final int HEAP_PER_BODY_BYTE = 16;
    /** The share of the heap that submissions being handled may take. */
    static final double HEAP_SHARE = 0.5;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final String HELD = SubmissionMemoryBudget.class.getName() + ".held";

    private final long capacity;
    private final long maxRequest;
    private final Semaphore bytes;

    @Autowired
    SubmissionMemoryBudget(JobsProperties properties) {
        this(properties.maxRequestSize().toBytes(), properties.submissionMemory().toBytes() > 0
                ? properties.submissionMemory().toBytes()
                : (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE / HEAP_PER_BODY_BYTE));
    }

    SubmissionMemoryBudget(long maxRequest, long budget) {
        this.maxRequest = maxRequest;
        this.capacity = Math.min(Integer.MAX_VALUE, Math.max(budget, maxRequest));
        this.bytes = new Semaphore((int) capacity);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/jobs");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!HttpMethod.POST.matches(request.getMethod())) {
            return true;
        }
        long declared = request.getContentLengthLong();
        int weight = (int) Math.min(declared < 0 ? maxRequest : declared, capacity); // chunked: the most it may be
        if (!bytes.tryAcquire(weight)) {
            throw new SubmissionsBusyException(capacity, RETRY_AFTER);
        }
        request.setAttribute(HELD, weight);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
        if (request.getAttribute(HELD) instanceof Integer held) {
            request.removeAttribute(HELD);
            bytes.release(held);
        }
    }

    /** Bytes of request bodies being handled now. */
    long inFlight() {
        return capacity - bytes.availablePermits();
    }

    static final class SubmissionsBusyException extends RuntimeException {

        private final Duration retryAfter;

        SubmissionsBusyException(long capacity, Duration retryAfter) {
            super("submissions holding " + capacity / (1024 * 1024) + " MB of request bodies are being handled already, "
                    + "as much as this service's heap allows; retry after " + retryAfter.toSeconds() + "s, or send "
                    + "smaller jobs (a large map can be split into several)");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
