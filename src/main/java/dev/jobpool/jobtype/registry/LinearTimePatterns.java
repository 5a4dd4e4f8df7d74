package dev.jobpool.jobtype.registry;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;

/**
 * Evaluates the {@code pattern}s of input schemas with RE2/J, whose matching time grows linearly with the input
 * whatever the pattern. java.util.regex backtracks: a pattern as plain as {@code https?://[^\s/?#]+.*$} took
 * seconds over a 64,000-character value, on a request thread, and a plugin's pattern could take forever.
 *
 * <p>RE2 syntax has no backreferences and no lookaround; a job type whose pattern needs them stops the start
 * (the registry compiles every schema then), never a client's request.
 */
final class LinearTimePatterns implements RegularExpressionFactory {

    static final LinearTimePatterns INSTANCE = new LinearTimePatterns();

    private LinearTimePatterns() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern;
        try {
            // \p{Letter} and the like, which ECMA-262 knows and RE2 spells \p{L}
            pattern = Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the pattern " + regex + " cannot run in linear time (" + e.getMessage()
                    + "); jobpool evaluates input patterns with RE2, which has no backreferences or lookaround", e);
        }
        // JSON Schema's pattern matches anywhere in the value, as ECMA-262's RegExp.test does
        return value -> pattern.matcher(value).find();
    }
}
