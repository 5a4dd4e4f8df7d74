package dev.jobpool.security;

import dev.jobpool.job.TenantScope;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What the controllers see of security: a {@link TenantScope} parameter says whose jobs the caller sees, and
 * submissions pass the rate limit before their body is read.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class CallerWebConfiguration implements WebMvcConfigurer {

    private final AccessProperties properties;
    private final ObjectProvider<SubmitRateLimiter> rateLimiter;

    CallerWebConfiguration(AccessProperties properties, ObjectProvider<SubmitRateLimiter> rateLimiter) {
        this.properties = properties;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == TenantScope.class;
            }

            @Override
            public TenantScope resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                    NativeWebRequest request, WebDataBinderFactory binders) {
                return properties.enabled() ? SecurityConfiguration.current().scope() : TenantScope.UNSECURED;
            }
        });
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        SubmitRateLimiter limiter = rateLimiter.getIfAvailable();
        if (limiter != null && properties.enabled() && properties.rateLimit().enabled()) {
            registry.addInterceptor(limiter).addPathPatterns("/api/v1/jobs");
        }
    }
}
