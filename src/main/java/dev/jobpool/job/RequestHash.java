package dev.jobpool.job;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonGeneratorDecorator;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** A digest of a submitted spec, the same for the same spec whatever the order of its JSON properties. */
final class RequestHash {

    /**
     * Writes a number with a fraction or an exponent as the double it was read as before numbers were read exactly
     * ({@code 1.50} as {@code 1.5}, {@code 1e3} as {@code 1000.0}), so a spec's digest stays what it was: an
     * idempotent retry sent across that upgrade still finds its first job, and numerically equal numbers stay one.
     */
    private static final JsonGeneratorDecorator DECIMALS_AS_DOUBLES = (factory, generator) ->
            new JsonGeneratorDelegate(generator, false) { // false: trees are written through this generator too
                @Override
                public JsonGenerator writeNumber(BigDecimal value) {
                    return super.writeNumber(value.doubleValue());
                }
            };

    private static final JsonMapper CANONICAL = JsonMapper
            .builder(JsonFactory.builder().addDecorator(DECIMALS_AS_DOUBLES).build())
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RequestHash() {
    }

    static String of(JobSpec spec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(spec));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
