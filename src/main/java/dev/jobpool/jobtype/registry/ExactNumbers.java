package dev.jobpool.jobtype.registry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Binds a JSON number to a Java number field only when the field holds its value. JSON Schema calls {@code 3.0} an
 * integer, so a schema lets such numbers through to an integer field, and Jackson's own rule then went through a
 * {@code double}: {@code 3.5} bound as 3, {@code 1e-400} as 0, {@code 9007199254740993.0} lost its last digit and
 * {@code 9223372036854775808.0} became {@code Long.MAX_VALUE}; {@code 1e400} became an infinite {@code double}.
 * Here each is its exact value or an error that names it. Everything else is Jackson's: an integer written as one
 * (Jackson already refuses it out of range), a string, a null.
 */
final class ExactNumbers {

    private ExactNumbers() {
    }

    /** Beyond this a BigInteger is refused, as Jackson refuses an integer of more than 1000 digits. */
    private static final BigDecimal BIG_INTEGER_LIMIT = BigDecimal.ONE.scaleByPowerOfTen(1000).subtract(BigDecimal.ONE);

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("jobpool-exact-numbers");
        wholeNumbers(module, long.class, Long.class, "a long", Long.MIN_VALUE, Long.MAX_VALUE, BigDecimal::longValueExact);
        wholeNumbers(module, int.class, Integer.class, "an int", Integer.MIN_VALUE, Integer.MAX_VALUE, BigDecimal::intValueExact);
        wholeNumbers(module, short.class, Short.class, "a short", Short.MIN_VALUE, Short.MAX_VALUE, BigDecimal::shortValueExact);
        wholeNumbers(module, byte.class, Byte.class, "a byte", Byte.MIN_VALUE, Byte.MAX_VALUE, BigDecimal::byteValueExact);
        register(module, BigInteger.class, new WholeNumber(NumberDeserializers.find(BigInteger.class),
                "an integer (at most 1000 digits)", BIG_INTEGER_LIMIT.negate(), BIG_INTEGER_LIMIT, BigDecimal::toBigIntegerExact));
        for (Class<?> type : List.of(double.class, Double.class)) {
            register(module, type, new FiniteNumber(NumberDeserializers.find(type), "a double (±" + Double.MAX_VALUE + ")"));
        }
        for (Class<?> type : List.of(float.class, Float.class)) {
            register(module, type, new FiniteNumber(NumberDeserializers.find(type), "a float (±" + Float.MAX_VALUE + ")"));
        }
        return module;
    }

    private static void wholeNumbers(SimpleModule module, Class<?> primitive, Class<?> boxed, String name, long min,
            long max, Function<BigDecimal, Object> exact) {
        for (Class<?> type : List.of(primitive, boxed)) {
            register(module, type, new WholeNumber(NumberDeserializers.find(type), name + " (" + min + " to " + max + ")",
                    BigDecimal.valueOf(min), BigDecimal.valueOf(max), exact));
        }
    }

    /** A {@link DelegatingDeserializer} is typed for Object; each here reads the type it is registered for. */
    @SuppressWarnings("unchecked")
    private static <T> void register(SimpleModule module, Class<T> type, DelegatingDeserializer deserializer) {
        module.addDeserializer(type, (ValueDeserializer<T>) (ValueDeserializer<?>) deserializer);
    }

    /** Jackson's deserializer of an integer type, but for a number written with a fraction or an exponent. */
    private static final class WholeNumber extends DelegatingDeserializer {

        private final String name;
        private final BigDecimal min;
        private final BigDecimal max;
        private final Function<BigDecimal, Object> exact;

        WholeNumber(ValueDeserializer<?> jackson, String name, BigDecimal min, BigDecimal max, Function<BigDecimal, Object> exact) {
            super(jackson);
            this.name = name;
            this.min = min;
            this.max = max;
            this.exact = exact;
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> jackson) {
            return new WholeNumber(jackson, name, min, max, exact);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return super.deserialize(parser, context);
            }
            BigDecimal value = parser.getDecimalValue(); // from the text: no double on the way
            // compareTo looks at the exponents first, so 1e999999999 is out of range without being expanded
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                return context.reportInputMismatch(this, "%s is out of range of %s", parser.getString(), name);
            }
            if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
                return context.reportInputMismatch(this, "%s is not a whole number, so not %s", parser.getString(), name);
            }
            return exact.apply(value);
        }
    }

    /** Jackson's deserializer of a floating-point type, but a finite number never becomes an infinite one. */
    private static final class FiniteNumber extends DelegatingDeserializer {

        private final String name;

        FiniteNumber(ValueDeserializer<?> jackson, String name) {
            super(jackson);
            this.name = name;
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> jackson) {
            return new FiniteNumber(jackson, name);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            if (parser.currentToken().isNumeric() && value instanceof Number number && Double.isInfinite(number.doubleValue())) {
                return context.reportInputMismatch(this, "%s is out of range of %s", parser.getString(), name);
            }
            return value;
        }
    }
}
