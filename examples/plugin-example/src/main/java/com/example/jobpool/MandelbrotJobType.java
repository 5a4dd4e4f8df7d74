package com.example.jobpool;

import dev.jobpool.jobtype.InvalidJobInputException;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/** A CPU job type: renders a tile of the Mandelbrot set to a PNG; the result carries it in base64 with its SHA-256. */
public final class MandelbrotJobType implements JobType<MandelbrotJobType.Input, MandelbrotJobType.Output> {

    /** The tile spans [x, x + size] × [y, y + size] of the complex plane. */
    public record Input(double x, double y, double size, int pixels, int maxIterations) {}

    public record Output(int pixels, long inside, String sha256, String png) {}

    @Override public String name() { return "example.mandelbrot"; }

    @Override public Pool pool() { return Pool.CPU; }

    @Override public String description() { return "Renders a pixels×pixels Mandelbrot tile to a PNG (base64) and its SHA-256."; }

    @Override public Class<Input> inputType() { return Input.class; }

    @Override
    public Output run(Input in, JobContext context) throws IOException, NoSuchAlgorithmException {
        if (in.pixels() < 1 || in.pixels() > 4096 || in.maxIterations() < 1 || in.size() <= 0) {
            throw new InvalidJobInputException("pixels 1..4096, maxIterations ≥ 1 and size > 0, please");
        }
        BufferedImage image = new BufferedImage(in.pixels(), in.pixels(), BufferedImage.TYPE_BYTE_GRAY);
        long inside = 0;
        for (int row = 0; row < in.pixels(); row++) {
            context.checkCancelled();
            for (int col = 0; col < in.pixels(); col++) {
                double cr = in.x() + in.size() * col / in.pixels();
                double ci = in.y() + in.size() * row / in.pixels();
                double zr = 0, zi = 0;
                int n = 0;
                while (n < in.maxIterations() && zr * zr + zi * zi <= 4) {
                    double t = zr * zr - zi * zi + cr;
                    zi = 2 * zr * zi + ci;
                    zr = t;
                    n++;
                }
                inside += n == in.maxIterations() ? 1 : 0;
                int gray = n == in.maxIterations() ? 0 : 255 - (255 * n / in.maxIterations());
                image.getRaster().setSample(col, row, 0, gray);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png.toByteArray()));
        return new Output(in.pixels(), inside, sha, Base64.getEncoder().encodeToString(png.toByteArray()));
    }
}
