package dev.jobpool.job;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a job's {@code input} into a tree as Jackson would, with two differences. It keeps a number with a
 * fraction or an exponent exactly as written (a decimal, not a double), as {@code JobJson} reads numbers. And it
 * refuses an input of more than {@link #MAX_VALUES} values before building the rest of it: a tree costs far more
 * heap than its text (16 MB of {@code [{},{},…]} is 5.6 million nodes, about half a gigabyte under ZGC, many times
 * what the submission budget allows for a body of that size). Many values belong in {@code items}, kept compact.
 */
final class InputReader extends ValueDeserializer<JsonNode> {

    /** At about 100 bytes a node (an empty object under ZGC), 100 MB: within the budget of the largest body. */
    static final int MAX_VALUES = 1_000_000;

    @Override
    public JsonNode deserialize(JsonParser parser, DeserializationContext context) {
        return read(parser, context, new int[1]);
    }

    /** {@code "input": null} is a null input, as the schema sees it, not an absent one. */
    @Override
    public JsonNode getNullValue(DeserializationContext context) {
        return NullNode.getInstance();
    }

    private static JsonNode read(JsonParser parser, DeserializationContext context, int[] values) {
        if (++values[0] > MAX_VALUES) {
            return context.reportInputMismatch((Class<?>) null, "the input holds more than " + MAX_VALUES
                    + " values; map a job over many values with items, which are kept compact");
        }
        JsonNodeFactory nodes = context.getNodeFactory();
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, read(parser, context, values));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, context, values));
                }
                yield array;
            }
            // a double would make 1e-400 a 0.0 that an integer schema takes, and 9007199254740993.0 one digit off
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue());
            default -> context.readTree(parser); // any other scalar, as Jackson reads one
        };
    }
}
