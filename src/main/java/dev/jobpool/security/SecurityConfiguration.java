package dev.jobpool.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Who may do what. Every {@code /api/**} request carries {@code Authorization: Bearer <credential>}: an API
 * key ({@code jp_...}) or, when an issuer is configured, a JWT; or the web dashboard's session cookie, made from an
 * API key ({@link Sessions}), which then needs a CSRF token on every state-changing request ({@link SessionCsrf}).
 * Health probes and the API docs stay open; Prometheus needs the {@code metrics} role. Refusals are problem JSON,
 * rendered by the same handler as every other error.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    private final AccessProperties properties;

    SecurityConfiguration(AccessProperties properties) {
        this.properties = properties;
    }

    @Bean
    ApiKeys apiKeys(ApiKeyStore store, Clock clock) {
        return new ApiKeys(store, properties, clock);
    }

    @Bean
    Sessions sessions(SessionStore store, ApiKeys keys, Clock clock) {
        return new Sessions(store, keys, properties.session().ttl(), clock);
    }

    @Bean
    SubmitRateLimiter submitRateLimiter(RateLimitBuckets buckets) {
        return new SubmitRateLimiter(properties, buckets);
    }

    /**
     * No Micrometer observation of each security filter, authentication and authorization: with them, a profile
     * of jobs submitted at full speed spent about a tenth of the service's CPU creating and stopping observations
     * no one reads. Requests are still timed as {@code http.server.requests}, and our own meters count keys and
     * sessions.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** {@code admin} can do everything the other roles can. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name()).implies(Role.SUBMIT.name(), Role.READ.name(), Role.METRICS.name())
                .build();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, Sessions sessions, ObjectProvider<JwtDecoder> jwtDecoder,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) throws Exception {
        // no HttpSession, ever: a bearer credential comes with each request, and the dashboard's session lives in the
        // store. CSRF protection is configured below for the one ambient credential, the session cookie
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> { });
        if (!properties.enabled()) {
            log.warn("SECURITY IS OFF (jobpool.security.enabled=false): anyone who reaches this port can submit, read, "
                    + "cancel and delete every job and see its results. Use this for local experiments only");
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        ProblemEntryPoint refusals = new ProblemEntryPoint(problems);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // the dashboard's files: a page that signs in through the API, no secret in it
                        .requestMatchers(HttpMethod.GET, "/", "/dashboard", "/dashboard/", "/dashboard/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasRole(Role.METRICS.name())
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        // signing in is open; the controller answers 401 to anyone else without a session
                        .requestMatchers(SessionController.PATH).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/jobs", "/api/v1/jobs/*/cancel").hasRole(Role.SUBMIT.name())
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/jobs/*").hasRole(Role.SUBMIT.name())
                        .requestMatchers("/api/v1/jobs", "/api/v1/jobs/**", "/api/v1/job-types", "/api/v1/job-types/**",
                                "/api/v1/events", "/api/v1/overview")
                                .hasRole(Role.READ.name())
                        .requestMatchers("/api/**").hasRole(Role.ADMIN.name())
                        // the API docs, Swagger UI and the error page: nothing in them is secret
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(authenticationManagers(keys, jwtDecoder.getIfAvailable()))
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                // the cookie only where no bearer credential was sent; the CSRF check once it is known which one it was
                .addFilterBefore(new StoreOutageFilter(problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new SessionCookieFilter(sessions), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(SessionCsrf.filter(refusals), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** API keys always; JWTs when an issuer or a JWK set is configured. */
    private AuthenticationManagerResolver<HttpServletRequest> authenticationManagers(ApiKeys keys, JwtDecoder jwtDecoder) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiKeyAuthenticationProvider(keys));
        if (jwtDecoder != null) {
            JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder);
            jwt.setJwtAuthenticationConverter(new JwtCallers(properties.tenantClaim()));
            providers.add(new ApiKeyAuthenticationProvider.NotAnApiKey(jwt));
            log.info("bearer JWTs are accepted besides API keys; the tenant comes from the '{}' claim, roles from scopes",
                    properties.tenantClaim());
        }
        ProviderManager manager = new ProviderManager(providers);
        return request -> manager;
    }

    /** The authenticated caller of this request. */
    static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthentication caller) {
            return caller.getPrincipal();
        }
        throw new AuthenticationCredentialsNotFoundException("no credential");
    }
}
