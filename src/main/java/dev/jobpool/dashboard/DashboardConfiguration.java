package dev.jobpool.dashboard;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard: a page of plain ES modules and CSS in the jar ({@code static/dashboard/}), served at
 * {@code /dashboard/}, with {@code /} redirecting to it. It reads the same API as every other client, signed in
 * with a session cookie ({@code POST /api/v1/session}); the page itself holds no secret, so its files need no
 * credential.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

    static final String PATH = "/dashboard/";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", PATH);
        registry.addRedirectViewController("/dashboard", PATH);
        registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // no build step names files by their content, so the browser asks each time whether a file changed
        // (Last-Modified from the jar): a new release is seen at once, an unchanged file costs a 304
        registry.addResourceHandler(PATH + "**")
                .addResourceLocations("classpath:/static" + PATH)
                .setCacheControl(CacheControl.noCache());
    }

    @Bean
    FilterRegistrationBean<DashboardHeadersFilter> dashboardHeaders() {
        FilterRegistrationBean<DashboardHeadersFilter> registration = new FilterRegistrationBean<>(new DashboardHeadersFilter());
        registration.addUrlPatterns(PATH + "*");
        return registration;
    }
}
