package dev.jobpool.job.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API writes JSON in UTF-8, as RFC 8259 requires, whatever charset an {@code Accept} header names:
 * {@code application/json} has no charset parameter. Spring would honour {@code charset=utf-16}, find no
 * converter for it and fail with a 500 after the controller ran (a submitted job stored, its answer lost).
 * Negotiation here reads {@code Accept} without its charsets.
 */
@Configuration
class JsonIsUtf8 implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(new HeaderContentNegotiationStrategy() {
            @Override
            public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
                return super.resolveMediaTypes(request).stream().map(JsonIsUtf8::withoutCharset).toList();
            }
        }));
    }

    private static MediaType withoutCharset(MediaType type) {
        if (type.getCharset() == null) {
            return type;
        }
        Map<String, String> parameters = new LinkedHashMap<>(type.getParameters());
        parameters.keySet().removeIf(name -> name.equalsIgnoreCase("charset"));
        return new MediaType(type.getType(), type.getSubtype(), parameters);
    }
}
