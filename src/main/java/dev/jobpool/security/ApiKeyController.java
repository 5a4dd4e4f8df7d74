package dev.jobpool.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.job.web.ReadsTheStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "API keys", description = "Credentials for the API, managed by an admin: each belongs to a tenant and carries roles")
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@ReadsTheStore
class ApiKeyController {

    private static final Logger audit = LoggerFactory.getLogger("jobpool.audit");

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @Schema(description = "A new API key")
    record ApiKeyRequest(
            @Schema(description = "The tenant whose jobs the key submits and sees", example = "team-a", pattern = Tenants.PATTERN,
                    requiredMode = Schema.RequiredMode.REQUIRED) String tenant,
            @Schema(description = "submit, read, admin, metrics", example = "[\"submit\", \"read\"]",
                    requiredMode = Schema.RequiredMode.REQUIRED) List<String> roles,
            @Schema(description = "When the key stops working; none: never", example = "2027-06-30T00:00:00Z") Instant expiresAt,
            @Schema(description = "What the key is for", example = "nightly reports") String name) {
    }

    @Schema(description = "An API key, without its secret")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiKeyResponse(String id, String tenant, List<String> roles, String name, Instant createdAt, Instant expiresAt,
            Instant revokedAt,
            @Schema(description = "The whole key to send as Authorization: Bearer <key>; only in the answer that created it",
                    example = "jp_0123456789abcdef_...") String key) {

        static ApiKeyResponse of(ApiKey key, String secret) {
            return new ApiKeyResponse(key.id(), key.tenant(), key.roles().stream().sorted().map(Role::id).toList(), key.name(),
                    key.createdAt(), key.expiresAt(), key.revokedAt(), secret);
        }
    }

    record ApiKeyList(List<ApiKeyResponse> keys) {
    }

    @Operation(operationId = "createApiKey", summary = "Create an API key",
            description = "Answers the key's secret this once (key); only its hash is stored.")
    @ApiResponse(responseCode = "201", description = "Created; key holds the secret, shown this once")
    @ApiResponse(responseCode = "400", description = "The tenant, roles, expiresAt or name is invalid")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiKeyResponse> create(@RequestBody ApiKeyRequest request) {
        ApiKeys.Issued issued = keys.create(request.tenant(), request.roles(), request.name(), request.expiresAt());
        audit.info("create-key tenant={} principal={} key={} roles={}", issued.key().tenant(), Caller.currentPrincipal(),
                issued.key().id(), issued.key().roles());
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.key().id()))
                .body(ApiKeyResponse.of(issued.key(), issued.token()));
    }

    @Operation(operationId = "listApiKeys", summary = "List API keys", description = "Every key, revoked ones too; never a secret.")
    @ApiResponse(responseCode = "200", description = "The keys, oldest first")
    @GetMapping
    ApiKeyList list() {
        return new ApiKeyList(keys.list().stream().map(key -> ApiKeyResponse.of(key, null)).toList());
    }

    @Operation(operationId = "getApiKey", summary = "Get an API key", description = "The key's tenant, roles and state; never its secret.")
    @ApiResponse(responseCode = "200", description = "The key")
    @ApiResponse(responseCode = "404", description = "No such key")
    @GetMapping("/{id}")
    ApiKeyResponse get(@PathVariable String id) {
        return ApiKeyResponse.of(keys.find(id).orElseThrow(() -> new ApiKeyNotFoundException(id)), null);
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "The key stops working at once, "
            + "on every replica. Revoking a revoked key changes nothing.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "No such key")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String id) {
        ApiKey key = keys.find(id).orElseThrow(() -> new ApiKeyNotFoundException(id));
        if (keys.revoke(id)) {
            audit.info("revoke-key tenant={} principal={} key={}", key.tenant(), Caller.currentPrincipal(), id);
        }
    }
}
