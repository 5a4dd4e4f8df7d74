package dev.jobpool.job.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies bind strictly, as a typed API should: a value of the wrong JSON type is a 400 naming the
 * field, never quietly turned into something the client did not write. Jackson's defaults are lenient in
 * each of the ways below; these are all the binding rules of the API, in one place.
 */
@Component
class StrictJsonBinding implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder
                // {"type":"a","type":"b"}: which did the client mean? Jackson would keep the last
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "timout" is a typo to report, not a field to ignore
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // one JSON value per body: {"type":"sleep"}{"type":"spin"} is not a job
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // "priority": 1.5 is not 1
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // "priority": "7" is not 7, and "priority": "" is not the default
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // "timeout": 30 is not "30" (which would read as 30 ms), a label value 1 is not "1"
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
