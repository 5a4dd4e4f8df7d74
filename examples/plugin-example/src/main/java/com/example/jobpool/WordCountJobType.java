package com.example.jobpool;

import dev.jobpool.jobtype.InvalidJobInputException;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.RetryableJobException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An I/O job type: fetches a URL and counts the words in its body. */
public final class WordCountJobType implements JobType<WordCountJobType.Input, WordCountJobType.Output> {

    public record Input(String url) {}

    public record Output(String url, int status, long words) {}

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override public String name() { return "example.wordcount"; }

    @Override public Pool pool() { return Pool.IO; }

    @Override public String description() { return "Fetches `url` and counts the words of its body."; }

    @Override public Class<Input> inputType() { return Input.class; }

    @Override
    public Output run(Input input, JobContext context) throws InterruptedException {
        if (input.url() == null || !input.url().matches("(?i)https?://.+")) {
            throw new InvalidJobInputException("url must be an http or https URL");
        }
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(input.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException("GET " + input.url() + " answered " + response.statusCode());
            }
            String body = response.body().strip();
            return new Output(input.url(), response.statusCode(), body.isEmpty() ? 0 : body.split("\\s+").length);
        } catch (IOException e) {
            throw new RetryableJobException("GET " + input.url() + " failed: " + e.getMessage(), e);
        }
    }
}
