package dev.jobpool.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.InvalidRequestException;
import dev.jobpool.job.TenantScope;
import dev.jobpool.job.web.ReadsTheStore;
import dev.jobpool.jobtype.registry.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Session", description = "Sign in to the web dashboard: an API key exchanged once for an HttpOnly session cookie, "
        + "which the page's fetch and EventSource calls send by themselves. Every API operation takes the cookie as it takes "
        + "the key; a POST, PUT, PATCH or DELETE with the cookie must also carry the session's csrfToken as X-CSRF-Token.")
@RestController
@RequestMapping(path = SessionController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
@ReadsTheStore
class SessionController {

    static final String PATH = "/api/v1/session";
    private static final Logger audit = LoggerFactory.getLogger("jobpool.audit");
    private static final String BEARER = "Bearer ";

    private final Sessions sessions;
    private final AccessProperties properties;

    SessionController(Sessions sessions, AccessProperties properties) {
        this.sessions = sessions;
        this.properties = properties;
    }

    @Schema(description = "Sign in with an API key")
    record SignInRequest(
            @Schema(description = "The API key to sign in with; or send it as Authorization: Bearer <key> instead",
                    example = "jp_0123456789abcdef_...", requiredMode = Schema.RequiredMode.REQUIRED) String apiKey) {
    }

    @Schema(description = "Who the dashboard is signed in as")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionResponse(
            @Schema(description = "false while security is off (jobpool.security.enabled=false): no sign-in is needed, and "
                    + "every caller is an admin of tenant default", requiredMode = Schema.RequiredMode.REQUIRED)
            boolean securityEnabled,
            @Schema(description = "Who signed in, as the audit log names them: the key's id, or configured-admin-key",
                    example = "0123456789abcdef") String principal,
            @Schema(description = "The tenant whose jobs the session submits and sees", example = "team-a") String tenant,
            @Schema(description = "submit, read, admin, metrics", example = "[\"submit\", \"read\"]") List<String> roles,
            @Schema(description = "Send it as the X-CSRF-Token header with every POST, PUT, PATCH or DELETE the cookie "
                    + "authenticates; the same for the session's whole life", example = "q0ZT1d2Zc3l0ZW0tY3NyZi10b2tlbi1leGFtcGxl")
            String csrfToken,
            @Schema(description = "When the session ends, however busy it is: jobpool.security.session.ttl after sign-in, or "
                    + "when its key expires if that is sooner") Instant expiresAt) {

        static final SessionResponse UNSECURED = new SessionResponse(false, TenantScope.UNSECURED.principal(),
                TenantScope.UNSECURED.tenant(), List.of(Role.ADMIN.id()), null, null);

        static SessionResponse of(Session session) {
            return new SessionResponse(true, session.principal(), session.tenant(),
                    session.roles().stream().sorted().map(Role::id).toList(), session.csrfToken(), session.expiresAt());
        }
    }

    @Operation(operationId = "signIn", summary = "Sign in (start a session)",
            description = "Exchanges an API key for a session cookie (jobpool_session: HttpOnly, SameSite=Strict, Path=/, "
                    + "Secure over TLS), which stands for the key, with its tenant and roles, on every replica, until it "
                    + "expires, is signed out, or its key is revoked or expires. The body holds the csrfToken for "
                    + "X-CSRF-Token. Open to every caller: this is how one signs in. A session cookie sent along is ignored.")
    @ApiResponse(responseCode = "201", description = "Signed in; Set-Cookie carries the session",
            headers = @Header(name = HttpHeaders.SET_COOKIE, description = "jobpool_session=<id>; Path=/; Max-Age=<seconds>; "
                    + "HttpOnly; SameSite=Strict, and Secure when the request came over TLS", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "Security is off: nothing to sign in to, and no cookie (securityEnabled false)")
    @ApiResponse(responseCode = "400", description = "No apiKey, or a body that is not {\"apiKey\": \"jp_...\"}")
    @ApiResponse(responseCode = "401", description = "The API key is malformed, unknown, expired or revoked")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SessionResponse> signIn(@RequestBody(required = false) SignInRequest request, HttpServletRequest http) {
        if (!properties.enabled()) {
            return ResponseEntity.ok(SessionResponse.UNSECURED);
        }
        String apiKey = request != null && request.apiKey() != null ? request.apiKey() : bearerKey(http);
        if (apiKey == null || apiKey.isBlank()) {
            throw new InvalidRequestException(List.of(new Violation("apiKey", "apiKey is required: the API key (jp_...) to "
                    + "sign in with, as {\"apiKey\": \"jp_...\"} or as Authorization: Bearer <key>")));
        }
        Sessions.Started started = sessions.start(apiKey)
                .orElseThrow(() -> new BadCredentialsException(ApiKeyAuthenticationProvider.REFUSED));
        Session session = started.session();
        audit.info("sign-in tenant={} principal={} session={} expires={}", session.tenant(), session.principal(),
                Sessions.logName(session), session.expiresAt());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.SET_COOKIE, Sessions.cookie(started, http.isSecure()).toString())
                .body(SessionResponse.of(session));
    }

    @Operation(operationId = "getSession", summary = "Get the session",
            description = "Who the session cookie signs in as, and its csrfToken: how the page learns, after a reload, whether "
                    + "it is signed in. While security is off: securityEnabled false, and no cookie is needed.")
    @ApiResponse(responseCode = "200", description = "The session")
    @ApiResponse(responseCode = "401", description = "No session cookie, or one whose session ended: signed out, expired, or "
            + "its key revoked or expired")
    @GetMapping
    SessionResponse get() {
        return properties.enabled() ? SessionResponse.of(current()) : SessionResponse.UNSECURED;
    }

    @Operation(operationId = "signOut", summary = "Sign out (end the session)",
            description = "Ends the session on every replica and clears the cookie. Needs the X-CSRF-Token header, as every "
                    + "state-changing request with the cookie does.")
    @ApiResponse(responseCode = "204", description = "Signed out; Set-Cookie clears the cookie",
            headers = @Header(name = HttpHeaders.SET_COOKIE, description = "jobpool_session=; Path=/; Max-Age=0; ...",
                    schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "401", description = "No session cookie, or one whose session ended already")
    @ApiResponse(responseCode = "403", description = "The X-CSRF-Token header is missing or is not the session's csrfToken")
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void signOut(HttpServletRequest http, HttpServletResponse response) {
        if (!properties.enabled()) {
            return;
        }
        Session session = current();
        sessions.end(session);
        audit.info("sign-out tenant={} principal={} session={}", session.tenant(), session.principal(), Sessions.logName(session));
        response.addHeader(HttpHeaders.SET_COOKIE, Sessions.clearingCookie(http.isSecure()).toString());
    }

    /** The session that authenticated this request; a bearer credential has none. */
    private static Session current() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SessionAuthentication authenticated) {
            return authenticated.session();
        }
        throw new AuthenticationCredentialsNotFoundException("no session");
    }

    /** An API key sent as a bearer credential instead of in the body (a JWT makes no session: it has no key to re-check). */
    private static String bearerKey(HttpServletRequest http) {
        String authorization = http.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).trim();
            return token.startsWith(ApiKeys.PREFIX) ? token : null;
        }
        return null;
    }
}
