package dev.jobpool.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The events stream ({@code GET /api/v1/events}).
 *
 * @param replay events each replica keeps for clients that reconnect with {@code Last-Event-ID}; one that
 *        missed more gets a {@code reset} event
 * @param buffer events waiting to be written to one subscriber; a subscriber that falls this far behind gets
 *        {@code reset} and is dropped, so a slow client never holds memory without bound. The events are
 *        shared, so a buffer costs a reference per waiting event, and nothing while its client keeps up
 * @param heartbeat how often an idle stream gets a comment line, so proxies do not close it
 * @param progressInterval how often a running job's progress is looked at; at most one progress event per job
 *        per interval, however many items it finishes
 * @param maxSubscribers streams open at once on this replica; one more is refused with 503. Each stream is written
 *        by an operating-system thread of its own, which this bounds
 */
@Validated
@ConfigurationProperties("jobpool.events")
public record EventsProperties(
        @DefaultValue("10000") @Min(0) int replay,
        @DefaultValue("10000") @Min(1) int buffer,
        @DefaultValue("15s") @NotNull Duration heartbeat,
        @DefaultValue("250ms") @NotNull Duration progressInterval,
        @DefaultValue("5000") @Min(1) int maxSubscribers) {
}
