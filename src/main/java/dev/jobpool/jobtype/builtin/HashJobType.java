package dev.jobpool.jobtype.builtin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Hashes seeded data: {@code rounds} passes of SHA-256 or SHA-512 over {@code sizeMb} of bytes. */
public final class HashJobType implements JobType<HashJobType.Input, HashJobType.Output> {

    public record Input(
            @Pattern(regexp = "SHA-256|SHA-512") @JsonPropertyDescription("SHA-256 (when absent) or SHA-512") String algorithm,
            @NotNull @Min(1) @Max(1024) @JsonPropertyDescription("megabytes of seeded data, 1 to 1024") Integer sizeMb,
            @Min(1) @Max(1000) @JsonPropertyDescription("passes over the data, 1 (when absent) to 1000") Integer rounds,
            @JsonPropertyDescription("seed of the data; 0 when absent") Long seed) {
    }

    public record Output(String algorithm, String digest) {
    }

    @Override
    public String name() {
        return "hash";
    }

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public String description() {
        return "SHA-256 or SHA-512 over sizeMb of seeded data, rounds times; the result is the hex digest.";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output run(Input input, JobContext context) throws NoSuchAlgorithmException {
        String algorithm = input.algorithm() == null ? "SHA-256" : input.algorithm();
        int rounds = input.rounds() == null ? 1 : input.rounds();
        byte[] block = new byte[1 << 20];
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        for (int round = 0; round < rounds; round++) {
            SplittableRandom random = new SplittableRandom(input.seed() == null ? 0 : input.seed());
            for (int mb = 0; mb < input.sizeMb(); mb++) {
                context.checkCancelled();
                for (int i = 0; i < block.length; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                digest.update(block);
            }
        }
        return new Output(algorithm, HexFormat.of().formatHex(digest.digest()));
    }
}
