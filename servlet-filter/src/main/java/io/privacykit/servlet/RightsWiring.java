package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.SubjectIds;
import io.privacykit.internal.Providers;
import io.privacykit.mail.MailException;
import io.privacykit.mail.Mailer;
import io.privacykit.mail.MailerProvider;
import io.privacykit.policy.Policy;
import io.privacykit.rights.ErasureResult;
import io.privacykit.rights.IdentityVerifier;
import io.privacykit.rights.InMemoryRetentionStore;
import io.privacykit.rights.InMemoryRightsStore;
import io.privacykit.rights.PersonalDataProvider;
import io.privacykit.rights.RequestLinks;
import io.privacykit.rights.RetentionJob;
import io.privacykit.rights.RetentionStore;
import io.privacykit.rights.RetentionStoreProvider;
import io.privacykit.rights.RightsService;
import io.privacykit.rights.RightsStore;
import io.privacykit.rights.RightsStoreProvider;
import io.privacykit.rights.SubjectErasure;
import io.privacykit.store.jdbc.JdbcRightsStore;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's rights service and retention job, built beside the engine's store: the configured
 * mailer ({@code privacy.mail.*}), the app's {@link PersonalDataProvider} and {@link IdentityVerifier},
 * and PrivacyKit's own erasure steps (collection records, then the ledger's subject links).
 */
final class RightsWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RightsWiring.class);

    private final RightsService rights;
    private final Optional<RetentionScheduler> retention;
    private final Optional<Mailer> mailer;
    private final Clock clock;
    private final String prefix;
    /** The absolute base of the links mailed while a request is answered on this thread. */
    private final ThreadLocal<String> linkBase = new ThreadLocal<>();
    private final String fallbackBase;

    private RightsWiring(RightsService rights, Optional<RetentionScheduler> retention, Optional<Mailer> mailer,
                         Clock clock, String prefix, String fallbackBase) {
        this.rights = rights;
        this.retention = retention;
        this.mailer = mailer;
        this.clock = clock;
        this.prefix = prefix;
        this.fallbackBase = fallbackBase;
    }

    /**
     * Builds the service over the engine's store.
     *
     * @param schedule whether to run the retention job on the filter's own daily thread
     */
    static RightsWiring open(PrivacyEngine engine, String prefix, CollectionStore collectionStore, SubjectIds subjectIds,
                             PersonalDataProvider provider, Optional<IdentityVerifier> verifier, Clock clock,
                             boolean schedule) {
        Policy policy = engine.policy();
        Optional<Mailer> mailer = MailerProvider.configured(policy.mail());
        RightsStore store = Providers.first(RightsStoreProvider.class).flatMap(p -> p.beside(engine.store()))
                .orElseGet(() -> {
                    LOG.warn("No rights store for {} (add io.privacykit:privacykit-jdbc); rights requests are kept in"
                            + " memory only", engine.store());
                    return new InMemoryRightsStore();
                });
        List<SubjectErasure> steps = new ArrayList<>();
        if (store instanceof JdbcRightsStore jdbc) {
            steps.add(jdbc.collectionErasure(subjectIds));
        }
        Optional<io.privacykit.communication.CommunicationStore> communicationStore =
                Providers.first(io.privacykit.communication.CommunicationStoreProvider.class)
                        .flatMap(p -> p.beside(engine.store()));
        communicationStore.ifPresent(communication -> steps.add(SubjectErasure.of("communication-preferences", subject -> {
                    long removed = communication.erase(subjectIds.ofEmail(subject.email()));
                    for (String userId : subject.userIds()) {
                        removed += communication.erase(subjectIds.ofUserId(userId));
                    }
                    return new ErasureResult(removed, List.of("standing marketing opt-outs, so that the person is not"
                            + " mailed again (GDPR Art. 21(3))"));
                })));
        steps.add(SubjectErasure.of("consent-links", subject -> {
            long removed = 0;
            long kept = 0;
            for (String userId : subject.userIds()) {
                io.privacykit.store.SubjectErasure erased = engine.store().eraseSubject(userId);
                removed += erased.linksErased() + erased.recordsErased();
                kept += erased.legacyRecordsKept();
            }
            return new ErasureResult(removed, kept == 0 ? List.of() : List.of(kept
                    + " consent record(s) of the first ledger format, kept as proof of consent (GDPR Art. 7(1))"));
        }));
        String fallback = policy.web().allowedOrigins().stream().findFirst().orElse("http://localhost") + prefix;
        RightsWiring[] self = new RightsWiring[1];
        RequestLinks links = new RequestLinks() {
            @Override
            public String verify(String requestId, String token) {
                return RequestLinks.under(self[0].base()).verify(requestId, token);
            }

            @Override
            public String export(String requestId, String token) {
                return RequestLinks.under(self[0].base()).export(requestId, token);
            }
        };
        RightsService.Builder builder = RightsService.builder()
                .store(store)
                .mailer(mailer.orElse(message -> {
                    throw new MailException("verification mail is not configured (privacy.mail.transport)");
                }))
                .links(links)
                .clock(clock)
                .settings(policy.rights())
                .provider(provider)
                .privacyStore(engine.store())
                .collection(collectionStore, subjectIds);
        verifier.ifPresent(builder::identityVerifier);
        communicationStore.ifPresent(builder::communication);
        steps.forEach(builder::erasure);
        Optional<RetentionScheduler> retention = Optional.empty();
        if (schedule) {
            RetentionStore retentionStore = Providers.first(RetentionStoreProvider.class)
                    .flatMap(p -> p.beside(engine.store())).orElseGet(InMemoryRetentionStore::new);
            RetentionJob.Builder job = RetentionJob.builder().store(retentionStore).settings(policy.retention())
                    .provider(provider).clock(clock).instance(instanceName());
            steps.forEach(job::erasure);
            RetentionJob built = job.build();
            builder.retention(built);
            retention = Optional.of(new RetentionScheduler(built, clock));
        }
        self[0] = new RightsWiring(builder.build(), retention, mailer, clock, prefix, fallback);
        return self[0];
    }

    private static String instanceName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        } catch (java.io.IOException | RuntimeException e) {
            return "instance/" + ProcessHandle.current().pid();
        }
    }

    /**
     * Runs {@code call} with the links it mails under {@code base} (the site's origin, context path
     * and prefix, as the endpoint decided it).
     */
    <T> T withLinksUnder(String base, Supplier<T> call) {
        linkBase.set(base);
        try {
            return call.get();
        } finally {
            linkBase.remove();
        }
    }

    private String base() {
        String base = linkBase.get();
        return base == null ? fallbackBase : base;
    }

    RightsService rights() {
        return rights;
    }

    private volatile Runnable recordsFlush = () -> { };

    /** Sets what commits the collection records still queued, so that an export holds them. */
    void recordsFlushedBy(Runnable flush) {
        this.recordsFlush = java.util.Objects.requireNonNull(flush, "flush");
    }

    /** Commits the collection records still queued before a request is fulfilled. */
    void flushRecords() {
        recordsFlush.run();
    }

    Optional<RetentionScheduler> retention() {
        return retention;
    }

    boolean mailConfigured() {
        return mailer.isPresent();
    }

    Clock clock() {
        return clock;
    }

    String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        retention.ifPresent(RetentionScheduler::close);
        mailer.ifPresent(Mailer::close);
    }
}
