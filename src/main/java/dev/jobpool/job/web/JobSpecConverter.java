package dev.jobpool.job.web;

import dev.jobpool.job.JobSpec;
import dev.jobpool.jobtype.registry.PlainIntegerArray;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads job specs as the JSON converter it extends does, with a fast way for the items of a big map when they
 * are plain integers ({@link PlainIntegerArray}): the body is read whole, the parser finds where the top-level
 * {@code items} array starts, the array is scanned without the parser, and the rest of the spec is bound with
 * {@code []} in its place. Whatever the fast way does not take (a small body, other items, a spec that does not
 * bind) is read the usual way from the same bytes, so every answer, an error or not, is the one the JSON converter
 * alone would give.
 */
final class JobSpecConverter extends JacksonJsonHttpMessageConverter {

    /** Below this a spec parses in microseconds; looking for a fast way would cost about what it saves. */
    static final int FAST_FROM_BYTES = 16 * 1024;
    private static final byte[] EMPTY_ARRAY = {'[', ']'};

    JobSpecConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public boolean canRead(ResolvableType type, @Nullable MediaType mediaType) {
        return type.toClass() == JobSpec.class && super.canRead(type, mediaType);
    }

    @Override
    public boolean canWrite(ResolvableType type, Class<?> valueClass, @Nullable MediaType mediaType) {
        return false;
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, @Nullable Map<String, Object> hints)
            throws IOException, HttpMessageNotReadableException {
        HttpHeaders headers = input.getHeaders();
        long declared = headers.getContentLength();
        MediaType contentType = headers.getContentType();
        boolean utf8 = contentType == null || contentType.getCharset() == null
                || StandardCharsets.UTF_8.equals(contentType.getCharset());
        if (declared >= 0 && declared < FAST_FROM_BYTES || !utf8) {
            return super.read(type, input, hints);
        }
        byte[] body = input.getBody().readAllBytes();
        Optional<JobSpec> fast = body.length < FAST_FROM_BYTES ? Optional.empty() : readFast(body, headers);
        return fast.isPresent() ? fast.get() : super.read(type, new Body(body, headers), hints);
    }

    /** The spec, if its items are plain integers and it binds; else empty, and the usual way reads it. */
    Optional<JobSpec> readFast(byte[] body, HttpHeaders headers) {
        int open = itemsArrayStart(body);
        Optional<PlainIntegerArray.Scanned> items = PlainIntegerArray.scan(body, open);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        int end = items.get().end();
        byte[] rest = new byte[open + EMPTY_ARRAY.length + body.length - end];
        System.arraycopy(body, 0, rest, 0, open);
        System.arraycopy(EMPTY_ARRAY, 0, rest, open, EMPTY_ARRAY.length);
        System.arraycopy(body, end, rest, open + EMPTY_ARRAY.length, body.length - end);
        try {
            JobSpec spec = (JobSpec) super.read(ResolvableType.forClass(JobSpec.class), new Body(rest, headers), null);
            if (spec.items() == null || spec.items().size() != 0) {
                return Optional.empty();
            }
            return Optional.of(spec.withItems(items.get().items()));
        } catch (HttpMessageNotReadableException | IOException e) {
            return Optional.empty(); // read again the usual way, for the error as it would be
        }
    }

    /**
     * Where the top-level {@code "items"} array starts, or -1: the parser reads the spec's fields up to it. A spec
     * with {@code input} maps nothing and may be large, so the search stops there; so it does at anything odd.
     */
    private int itemsArrayStart(byte[] body) {
        try (JsonParser parser = getMapper().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("items".equals(name)) {
                    return value == JsonToken.START_ARRAY ? (int) parser.currentTokenLocation().getByteOffset() : -1;
                }
                if ("input".equals(name)) {
                    return -1;
                }
                parser.skipChildren();
            }
            return -1;
        } catch (JacksonException e) {
            return -1;
        }
    }

    private record Body(byte[] bytes, HttpHeaders headers) implements HttpInputMessage {

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }

    /** Puts the converter ahead of the JSON one, for job specs only. */
    @Component
    static class Registration implements WebMvcConfigurer {

        private final JsonMapper mapper;

        Registration(JsonMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
            builder.addCustomConverter(new JobSpecConverter(mapper));
        }
    }
}
