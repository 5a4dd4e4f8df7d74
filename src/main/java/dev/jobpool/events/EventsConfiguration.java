package dev.jobpool.events;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    /** {@code jobpool_events_subscribers} and {@code jobpool_events_subscribers_dropped_total}. */
    @Bean
    MeterBinder eventMeters(EventHub hub) {
        return registry -> {
            Gauge.builder("jobpool.events.subscribers", hub, EventHub::subscribers)
                    .description("Clients reading the events stream on this replica").register(registry);
            FunctionCounter.builder("jobpool.events.subscribers.dropped", hub, EventHub::droppedSubscribers)
                    .description("Subscribers dropped for falling a whole buffer behind").register(registry);
        };
    }
}
