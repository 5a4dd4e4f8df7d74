package dev.jobpool.jobtype.builtin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.jobpool.jobtype.InvalidJobInputException;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.RetryableJobException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Makes one HTTP request and returns status, headers, body (up to a cap) and elapsed time.
 *
 * <p>Blocking Apache HttpClient on virtual threads: one pooled connection per in-flight request, no selector
 * threads, and a DNS hook through which {@link NetworkGuard} vets every address it connects to, redirects
 * included.
 */
public final class HttpJobType implements JobType<HttpJobType.Input, HttpJobType.Output>, AutoCloseable {

    /**
     * @param allowPrivateNetworks whether jobs may reach loopback, private and link-local addresses
     * @param maxBodyBytes response bytes kept in the result; the rest is dropped and {@code bodyTruncated} set
     * @param defaultTimeout connect and read timeout when the input gives none
     * @param maxConnections open connections at most, across all hosts
     */
    public record Settings(boolean allowPrivateNetworks, int maxBodyBytes, Duration defaultTimeout, int maxConnections) {
    }

    /** The longest URL accepted; browsers and servers stop around here too. */
    static final int MAX_URL_LENGTH = 8192;

    /** Patterns mean the whole value (the schema anchors them); {@link #validate} checks what a pattern cannot. */
    public record Input(
            @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS")
            @JsonPropertyDescription("an HTTP method: GET (when absent), HEAD, POST, PUT, PATCH, DELETE or OPTIONS") String method,
            @NotNull @Size(max = MAX_URL_LENGTH) @Pattern(regexp = "(?i)https?://\\S+")
            @JsonPropertyDescription("an absolute http or https URL (at most 8192 characters)") String url,
            @JsonPropertyDescription("Request headers") Map<String, String> headers,
            @Size(max = 1_048_576) @JsonPropertyDescription("Request body, sent as UTF-8") String body,
            @JsonPropertyDescription("Connect and read timeout, e.g. \"5s\"; the service default when absent")
            Duration timeout) {
    }

    public record Output(int status, Map<String, List<String>> headers, String body, boolean bodyTruncated,
            long elapsedMillis) {
    }

    private final Settings settings;
    private final RequestConfig defaults;
    private final CloseableHttpClient client;

    public HttpJobType(Settings settings) {
        this.settings = settings;
        NetworkGuard guard = new NetworkGuard(settings.allowPrivateNetworks());
        Timeout timeout = Timeout.of(settings.defaultTimeout());
        this.defaults = RequestConfig.custom().setResponseTimeout(timeout).setMaxRedirects(5).build();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        // 4 KB buffers instead of 8: ten thousand open connections hold 80 MB less heap
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setBufferSize(4096).build())
                                .build())
                        .setDnsResolver(new GuardedDnsResolver(guard))
                        // LAX: a lock per route instead of one for the whole pool; 10,000 virtual threads
                        // leasing connections at once otherwise queue on that one lock
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnTotal(settings.maxConnections())
                        .setMaxConnPerRoute(settings.maxConnections())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                // servers close idle keep-alive connections; check one idle this long before reuse
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(defaults)
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .disableCookieManagement()
                // one quiet retry of an idempotent request whose pooled connection turned out closed; anything
                // else (refused, timed out) is the job's failure, retried as the job's maxAttempts says
                .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, TimeValue.ZERO_MILLISECONDS))
                .setUserAgent("jobpool")
                .build();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Pool pool() {
        return Pool.IO;
    }

    @Override
    public String description() {
        return "Sends one HTTP request and returns status, headers, body (capped) and elapsed time. "
                + "Loopback, private and link-local addresses are refused unless the operator allows them.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public void validate(Input input) {
        target(input.url());
    }

    /**
     * The URL as HttpClient will send it, or why it cannot be sent: the one rule, at submit and at run (for a job
     * accepted before this rule). HttpClient reads host and port the way it does here, so a host name that
     * {@link URI} calls unusual ({@code a_b}) still goes through.
     */
    static URI target(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidJobInputException("url", quoted(url) + " is not a URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidJobInputException("url", quoted(url) + " is not an http or https URL");
        }
        if (uri.getPort() > 65535) {
            throw new InvalidJobInputException("url", quoted(url) + " has the port " + uri.getPort() + "; a port is 1 to 65535");
        }
        URIAuthority authority;
        try {
            authority = ClassicRequestBuilder.get().setUri(uri).build().getAuthority();
        } catch (IllegalArgumentException e) {
            throw new InvalidJobInputException("url", quoted(url) + " cannot be requested: " + e.getMessage());
        }
        if (authority == null || authority.getHostName().isEmpty()) {
            throw new InvalidJobInputException("url", quoted(url) + " names no host (or no valid port)");
        }
        if (authority.getPort() == 0) {
            throw new InvalidJobInputException("url", quoted(url) + " has the port 0; a port is 1 to 65535");
        }
        return uri;
    }

    private static String quoted(String text) {
        return "'" + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "'";
    }

    @Override
    public Output run(Input input, JobContext context) throws InterruptedException {
        String method = input.method() == null ? "GET" : input.method();
        ClassicRequestBuilder request = ClassicRequestBuilder.create(method).setUri(target(input.url()));
        if (input.headers() != null) {
            input.headers().forEach(request::addHeader);
        }
        if (input.body() != null) {
            request.setEntity(new StringEntity(input.body(), StandardCharsets.UTF_8));
        }
        HttpClientContext httpContext = HttpClientContext.create();
        if (input.timeout() != null) {
            httpContext.setRequestConfig(RequestConfig.copy(defaults).setResponseTimeout(Timeout.of(input.timeout())).build());
        }
        long start = System.nanoTime();
        try {
            return client.execute(request.build(), httpContext, response -> {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (Header header : response.getHeaders()) {
                    headers.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
                }
                Body body = readBody(response.getEntity());
                long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
                return new Output(response.getCode(), headers, body.text(), body.truncated(), elapsed);
            });
        } catch (NetworkGuard.BlockedAddressException e) {
            throw new InvalidJobInputException(e.getMessage());
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted() || context.isCancelled()) {
                throw new InterruptedException("request to " + input.url() + " interrupted");
            }
            throw new RetryableJobException(method + " " + input.url() + " timed out: " + e.getMessage(), e);
        } catch (UnknownHostException e) {
            throw new RetryableJobException("unknown host in " + input.url() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RetryableJobException(method + " " + input.url() + " failed: " + e.getMessage(), e);
        }
    }

    private record Body(String text, boolean truncated) {
    }

    private Body readBody(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new Body(null, false);
        }
        int cap = settings.maxBodyBytes();
        long declared = entity.getContentLength();
        // read one byte past the cap to know whether it was cut; size the buffer to a declared length, so
        // 10,000 small responses do not each allocate a large one
        int toRead = declared >= 0 && declared < cap ? (int) declared + 1 : cap + 1;
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(toRead);
            boolean truncated = bytes.length > cap;
            int length = Math.min(bytes.length, cap);
            return new Body(new String(bytes, 0, length, charsetOf(entity)), truncated);
        }
    }

    private static Charset charsetOf(HttpEntity entity) {
        try {
            ContentType type = ContentType.parseLenient(entity.getContentType());
            return type != null && type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** Every connection, the first and each redirect's, resolves its host through the guard. */
    private record GuardedDnsResolver(NetworkGuard guard) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return guard.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return guard.resolve(host)[0].getCanonicalHostName();
        }
    }
}
