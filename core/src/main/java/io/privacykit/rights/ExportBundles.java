package io.privacykit.rights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.RecordKind;
import io.privacykit.collection.SubjectId;
import io.privacykit.communication.CommunicationStore;
import io.privacykit.communication.PreferenceChange;
import io.privacykit.collection.SubjectIds;
import io.privacykit.collection.UsageCount;
import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.store.PrivacyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the machine-readable bundle of an access or portability request (GDPR Art. 15(3), 20(1);
 * Cal. Civ. Code 1798.130(a)(2)(B)): everything the app's provider and PrivacyKit hold on the subject.
 */
final class ExportBundles {

    /** The bundle's format; raised when a field changes meaning or goes away. */
    static final String SCHEMA_VERSION = "1";

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PersonalDataProvider provider;
    private final Optional<PrivacyStore> privacyStore;
    private final Optional<CollectionStore> collectionStore;
    private final Optional<SubjectIds> subjectIds;
    private final RightsStore rightsStore;
    private final Optional<CommunicationStore> communication;

    ExportBundles(PersonalDataProvider provider, Optional<PrivacyStore> privacyStore,
                  Optional<CollectionStore> collectionStore, Optional<SubjectIds> subjectIds, RightsStore rightsStore,
                  Optional<CommunicationStore> communication) {
        this.provider = provider;
        this.privacyStore = privacyStore;
        this.collectionStore = collectionStore;
        this.subjectIds = subjectIds;
        this.rightsStore = rightsStore;
        this.communication = communication;
    }

    byte[] bundle(RightsRequest request, DataSubject subject, Instant now) {
        ObjectNode root = json.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("generatedAt", now.toString());
        ObjectNode about = root.putObject("request");
        about.put("id", request.id());
        about.put("type", request.type().name());
        about.put("regime", request.regime().name());
        about.put("receivedAt", request.receivedAt().toString());
        ObjectNode person = root.putObject("subject");
        person.put("email", subject.email());
        ArrayNode ids = person.putArray("userIds");
        subject.userIds().forEach(ids::add);
        root.set("app", json.valueToTree(provider.export(subject)));
        ObjectNode own = root.putObject("privacykit");
        consents(own.putArray("consents"), subject);
        ArrayNode collection = own.putArray("collection");
        ArrayNode disclosures = own.putArray("disclosures");
        for (UsageCount usage : usage(subject)) {
            ObjectNode row = usage.kind() == RecordKind.COLLECTED ? collection.addObject() : disclosures.addObject();
            row.put("day", usage.day().toString());
            row.put("kind", usage.kind().name());
            row.put("category", usage.category());
            row.put("purpose", usage.purpose());
            row.put(usage.kind() == RecordKind.COLLECTED ? "source" : "recipient", usage.counterpart());
            row.put("regime", usage.regime());
            row.put("count", usage.count());
        }
        ArrayNode preferences = own.putArray("communicationPreferences");
        if (communication.isPresent() && subjectIds.isPresent()) {
            for (SubjectId id : collectionSubjects(subjectIds.get(), subject)) {
                for (PreferenceChange change : communication.get().history(id)) {
                    ObjectNode row = preferences.addObject();
                    row.put("channel", change.channel().code());
                    row.put("status", change.status().name());
                    row.put("regime", change.regime().name());
                    row.put("source", change.source());
                    row.put("at", change.at().toString());
                }
            }
        }
        ArrayNode requests = own.putArray("rightsRequests");
        for (RightsRequest earlier : rightsStore.ofEmail(RightsRequest.normalizeEmail(subject.email()))) {
            ObjectNode row = requests.addObject();
            row.put("id", earlier.id());
            row.put("type", earlier.type().name());
            row.put("status", earlier.status().code());
            row.put("receivedAt", earlier.receivedAt().toString());
            row.put("dueDate", earlier.dueDate().toString());
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the app's export is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void consents(ArrayNode out, DataSubject subject) {
        if (privacyStore.isEmpty()) {
            return;
        }
        PrivacyStore store = privacyStore.get();
        Set<String> consentIds = new LinkedHashSet<>();
        subject.userIds().forEach(userId -> consentIds.addAll(store.consentIdsOfSubject(userId)));
        for (String consentId : consentIds) {
            ObjectNode consent = out.addObject();
            consent.put("consentId", consentId);
            ArrayNode records = consent.putArray("records");
            for (LedgerEntry entry : store.consentHistory(consentId)) {
                ConsentEvent e = entry.event();
                ObjectNode row = records.addObject();
                row.put("sequence", entry.sequence());
                row.put("at", e.at().toString());
                row.put("policyVersion", e.policyVersion());
                row.put("regime", e.regime().name());
                row.put("law", e.law());
                row.put("country", e.country());
                row.put("region", e.region());
                ObjectNode choices = row.putObject("choices");
                e.choices().forEach(choices::put);
                row.put("method", e.method().name());
                row.put("page", e.page());
                row.put("ipHash", e.ipHash());
                row.put("userAgent", e.userAgent());
                row.put("subjectId", e.subjectId());
                row.put("hash", entry.hash());
            }
        }
    }

    private List<UsageCount> usage(DataSubject subject) {
        if (collectionStore.isEmpty() || subjectIds.isEmpty()) {
            return List.of();
        }
        List<UsageCount> all = new ArrayList<>();
        for (SubjectId id : collectionSubjects(subjectIds.get(), subject)) {
            all.addAll(collectionStore.get().usageOf(id));
        }
        return all;
    }

    /** The collection-record subject ids of a person: of their address and of each of the app's user ids. */
    static Set<SubjectId> collectionSubjects(SubjectIds subjectIds, DataSubject subject) {
        Set<SubjectId> ids = new LinkedHashSet<>();
        ids.add(subjectIds.ofEmail(subject.email()));
        subject.userIds().forEach(userId -> ids.add(subjectIds.ofUserId(userId)));
        return ids;
    }
}
