package io.timebank.api;

import io.timebank.ledger.AccountEntry;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Metadata;
import io.timebank.ledger.Posting;
import io.timebank.ledger.Score;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How an account's entries are shown: in its history, its explain view and its statements. */
final class EntryViews {

    private EntryViews() {
    }

    private static final String ONE = Measure.of(1).toString();

    static Views.Score score(LedgerEvent.Deposited deposited) {
        Score score = deposited.score();
        DailyCap.Applied capped = deposited.capped();
        return new Views.Score(deposited.measures().interaction().toString(), deposited.measures().originality().toString(),
            deposited.measures().engagement().toString(), score.interactionFactor().toString(),
            score.originalityFactor().toString(), score.engagementFactor().toString(), score.value().toString(),
            capped == null ? ONE : capped.spacing().toString(), capped == null ? ONE : capped.factor().toString(),
            deposited.credited().toString());
    }

    /** An entry as the history shows it: its first posting's asset and amount, its fee, counterparty and reference. */
    static Views.EntryView entry(AccountEntry entry, Ledger ledger) {
        long sequence = entry.sequence();
        LedgerEvent event = entry.event();
        List<Posting> postings = ledger.postings(event);
        Posting first = postings.isEmpty() ? null : postings.getFirst();
        String type = event.getClass().getSimpleName();
        String asset = first == null ? null : first.asset().name();
        String amount = first == null ? null : first.amount().toString();
        return switch (event) {
            case LedgerEvent.Deposited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.platform() + ":" + e.activityId(), score(e));
            case LedgerEvent.TransferDebited e -> new Views.EntryView(sequence, type, e.at(), asset, amount,
                e.fee().toString(), e.to().value(), e.commandId().value(), null, view(e.metadata()));
            case LedgerEvent.TransferCredited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.from().value(), e.commandId().value(), null, view(e.metadata()));
            case LedgerEvent.TransferRefunded e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.to().value(), e.commandId().value(), null, view(e.metadata()));
            case LedgerEvent.Exchanged e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.commandId().value(), null);
            case LedgerEvent.FeeSettled e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.settlementId(), null);
            case LedgerEvent.ReserveFunded e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.commandId().value(), null);
            case LedgerEvent.LegsDebited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, e.fee().toString(),
                String.join(",", e.legs().stream().map(leg -> leg.to().value()).toList()), e.commandId().value(), null);
            case LedgerEvent.LegsRefunded e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.refusal().to().value(), e.commandId().value(), null);
            case LedgerEvent.LoanGranted e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.borrower().value(), e.commandId().value(), null);
            case LedgerEvent.CollectionLegDebited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.to().value(), e.commandId().value(), null);
            case LedgerEvent.CollectionLegReturned e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.to().value(), e.commandId().value(), null);
            case LedgerEvent.CollectionSettled e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.commandId().value(), null);
            case LedgerEvent.LoanPaid e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.lender().value(), e.commandId().value(), null);
            default -> new Views.EntryView(sequence, type, event.at(), asset, amount, null, null, null, null);
        };
    }

    /** Metadata as the views show it; null for none. */
    static Map<String, Views.MetadataField> view(Metadata metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        Map<String, Views.MetadataField> fields = new TreeMap<>();
        metadata.fields().forEach((key, field) -> fields.put(key,
            new Views.MetadataField(field.type().name().toLowerCase(Locale.ROOT), field.value())));
        return fields;
    }

    /** What the sender wrote with the entry's payment, where the event carries it; null otherwise. */
    static String memo(LedgerEvent event) {
        String memo = switch (event) {
            case LedgerEvent.TransferDebited e -> e.memo();
            case LedgerEvent.CollectionLegDebited e -> e.memo();
            case LedgerEvent.LegsDebited e -> String.join("; ", e.legs().stream().map(leg -> leg.memo())
                .filter(each -> each != null && !each.isEmpty()).toList());
            default -> null;
        };
        return memo == null || memo.isEmpty() ? null : memo;
    }
}
