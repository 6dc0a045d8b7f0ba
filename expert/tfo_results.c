/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_results.h"

#include <string.h>

/* A frame's own facts, once frozen; its handshake's come from its row. */
typedef struct {
    uint32_t handshake;
    uint32_t flags;
    uint32_t peer_frame;
    uint32_t syn_data_len;
    int64_t nat_delay;
    uint8_t side, role, has_record;
    int8_t option_status;
    tfo_option option;
} tfo_frame_final;

typedef struct {
    tfo_frame_record rec;
    tfo_frame_final final; /* once frozen, or its handshake retired */
    gboolean retired;      /* |final| is set before the freeze */
} tfo_frame_entry;

struct tfo_results {
    GHashTable *frames;            /* frame number -> tfo_frame_entry * */
    GPtrArray *handshakes;         /* const tfo_handshake *, by id - 1, NULL once
                                      retired; not owned */
    GArray *summaries;             /* tfo_handshake_summary by id - 1, once
                                      retired or frozen */
    gboolean frozen;
};

static void tfo_results_free_entry(gpointer data)
{
    tfo_frame_entry *entry = data;
    if (entry->rec.proofs)
        g_array_free(entry->rec.proofs, TRUE);
    g_free(entry);
}

tfo_results *tfo_results_new(void)
{
    tfo_results *r = g_new0(tfo_results, 1);

    r->frames = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, tfo_results_free_entry);
    r->handshakes = g_ptr_array_new();
    r->summaries = g_array_new(FALSE, TRUE, sizeof(tfo_handshake_summary));
    return r;
}

void tfo_results_free(tfo_results *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->frames);
    g_ptr_array_free(r->handshakes, TRUE);
    g_array_free(r->summaries, TRUE);
    g_free(r);
}

tfo_frame_record *tfo_results_record(tfo_results *r, uint32_t frame)
{
    tfo_frame_entry *entry = g_hash_table_lookup(r->frames, GUINT_TO_POINTER(frame));

    if (!entry && !r->frozen) {
        entry = g_new0(tfo_frame_entry, 1);
        g_hash_table_insert(r->frames, GUINT_TO_POINTER(frame), entry);
    }
    return entry ? &entry->rec : NULL;
}

void tfo_results_add_proof(tfo_results *r, uint32_t frame, uint32_t handshake, uint32_t dropped_frame)
{
    tfo_frame_record *rec = tfo_results_record(r, frame);
    tfo_proof proof;

    if (!rec)
        return;
    if (!rec->proofs)
        rec->proofs = g_array_new(FALSE, FALSE, sizeof(tfo_proof));
    proof.handshake = handshake;
    proof.dropped_frame = dropped_frame;
    proof.verdict = tfo_handshake_verdict(tfo_results_handshake(r, handshake));
    g_array_append_val(rec->proofs, proof);
}

void tfo_results_add_handshake(tfo_results *r, const tfo_handshake *hs)
{
    g_ptr_array_add(r->handshakes, (gpointer)hs);
}

uint32_t tfo_results_handshake_count(const tfo_results *r)
{
    return r->handshakes->len;
}

const tfo_handshake *tfo_results_handshake(const tfo_results *r, uint32_t id)
{
    return !r->frozen && id >= 1 && id <= r->handshakes->len ? g_ptr_array_index(r->handshakes, id - 1) : NULL;
}

gboolean tfo_results_summary(const tfo_results *r, uint32_t id, tfo_handshake_summary *out)
{
    if (id < 1 || id > r->handshakes->len)
        return FALSE;
    if (g_ptr_array_index(r->handshakes, id - 1) && !r->frozen)
        tfo_report_summarize(g_ptr_array_index(r->handshakes, id - 1), out);
    else
        *out = g_array_index(r->summaries, tfo_handshake_summary, id - 1);
    return TRUE;
}

/* A SYN-ACK repeats an earlier one of its leg with the same ISN; one with
 * another ISN is a new answer (another server answering). */
static gboolean tfo_results_synack_repeated(const tfo_segment *seg)
{
    guint i;

    for (i = 0; i < seg->leg->synacks->len; i++) {
        const tfo_segment *a = g_ptr_array_index(seg->leg->synacks, i);
        if (a == seg)
            return FALSE;
        if (a->seq == seg->seq)
            return TRUE;
    }
    return FALSE;
}

static tfo_role tfo_results_role(const tfo_segment *seg)
{
    if (!seg->leg)
        return seg->is_synack ? TFO_ROLE_SYNACK : TFO_ROLE_SYN;
    if (seg->is_synack)
        return tfo_results_synack_repeated(seg) ? TFO_ROLE_SYNACK_RETRANSMISSION : TFO_ROLE_SYNACK;
    return g_ptr_array_index(seg->leg->syns, 0) == seg ? TFO_ROLE_SYN : TFO_ROLE_SYN_RETRANSMISSION;
}

static void tfo_results_of_segment(const tfo_segment *seg, tfo_frame_result *out)
{
    out->role = (uint8_t)tfo_results_role(seg);
    out->option = seg->option;
    out->option_status = seg->option_status;
    if (!seg->is_synack)
        out->syn_data_len = seg->payload_len;
    if (seg->fate == TFO_FATE_DROPPED)
        out->flags |= TFO_RESULT_NAT_DROPPED | (seg->by_silence ? TFO_RESULT_BY_SILENCE : 0);
    else if (seg->fate == TFO_FATE_UNPROVEN)
        out->flags |= TFO_RESULT_UNPROVEN | (seg->awaiting ? TFO_RESULT_OTHER_SIDE_SILENT : 0);
    if (seg->twin) {
        out->peer_frame = seg->twin->frame;
        out->nat_delay = seg->ts > seg->twin->ts ? seg->ts - seg->twin->ts : seg->twin->ts - seg->ts;
        out->flags |= seg->fate == TFO_FATE_FORWARDED ? tfo_twin_changes(seg, seg->twin)
                                                      : tfo_twin_changes(seg->twin, seg);
    }
}

/* Works out what is the frame's own in the result of |rec| from the live
 * handshake records: everything but its handshake's facts. */
static void tfo_results_compute_own(const tfo_frame_record *rec, tfo_frame_result *out)
{
    const tfo_leg *leg = rec->segment ? rec->segment->leg : rec->leg;

    memset(out, 0, sizeof(*out));
    out->fallback_cost = -1;
    out->proofs = rec->proofs;
    out->behind = rec->behind;
    if (rec->proofs)
        out->role = TFO_ROLE_PROOF;
    if (rec->segment)
        tfo_results_of_segment(rec->segment, out);
    if (rec->leg) {
        out->role = TFO_ROLE_FIRST_DATA;
        if (leg->first_data_seq == leg->isn + 1 && leg->first_data_len && leg->syns->len &&
            tfo_leg_first_syn(leg)->payload_len)
            out->flags |= TFO_RESULT_DATA_RESENT;
    }
    if (leg) {
        out->has_record = rec->segment && rec->segment == tfo_leg_first_syn(leg) && leg == leg->hs->client_leg;
        out->handshake = leg->hs->id;
        out->side = leg->side;
    }
}

/* Fills in |out| what its handshake's row |s| says: verdict, reason,
 * fallback cost, and the row itself on the handshake's first frame. */
static void tfo_results_add_handshake_facts(const tfo_handshake_summary *s, tfo_frame_result *out)
{
    out->verdict = s->verdict;
    out->reason = (uint8_t)s->reason;
    out->fallback_cost = s->fallback_cost;
    if (out->has_record)
        out->record = *s;
}

/* Works out the result of |rec| from the live handshake records; the row
 * only where it is shown, on the handshake's first frame. */
static void tfo_results_compute(const tfo_frame_record *rec, tfo_frame_result *out)
{
    const tfo_leg *leg = rec->segment ? rec->segment->leg : rec->leg;
    tfo_handshake_summary s;

    tfo_results_compute_own(rec, out);
    if (!leg)
        return;
    if (out->has_record) {
        tfo_report_summarize(leg->hs, &s);
        tfo_results_add_handshake_facts(&s, out);
        return;
    }
    out->verdict = tfo_handshake_verdict(leg->hs);
    out->reason = out->verdict == TFO_VERDICT_UNKNOWN ? (uint8_t)tfo_report_reason(leg->hs) : TFO_REASON_NONE;
    out->fallback_cost = tfo_handshake_fallback_cost(leg->hs);
}

static void tfo_results_final_of(const tfo_frame_result *r, tfo_frame_final *f)
{
    f->handshake = r->handshake;
    f->flags = r->flags;
    f->peer_frame = r->peer_frame;
    f->syn_data_len = r->syn_data_len;
    f->nat_delay = r->nat_delay;
    f->side = r->side;
    f->role = r->role;
    f->has_record = (uint8_t)r->has_record;
    f->option_status = (int8_t)r->option_status;
    f->option = r->option;
}

static void tfo_results_unpack(const tfo_results *r, const tfo_frame_entry *entry, tfo_frame_result *out)
{
    const tfo_frame_final *f = &entry->final;

    memset(out, 0, sizeof(*out));
    out->fallback_cost = -1;
    out->proofs = entry->rec.proofs;
    out->behind = entry->rec.behind;
    out->handshake = f->handshake;
    out->flags = f->flags;
    out->peer_frame = f->peer_frame;
    out->syn_data_len = f->syn_data_len;
    out->nat_delay = f->nat_delay;
    out->side = f->side;
    out->role = f->role;
    out->has_record = f->has_record;
    out->option_status = f->option_status;
    out->option = f->option;
    if (f->handshake >= 1 && f->handshake <= r->summaries->len)
        tfo_results_add_handshake_facts(&g_array_index(r->summaries, tfo_handshake_summary, f->handshake - 1), out);
}

gboolean tfo_results_frame(const tfo_results *r, uint32_t frame, tfo_frame_result *out)
{
    const tfo_frame_entry *entry = g_hash_table_lookup(r->frames, GUINT_TO_POINTER(frame));

    if (!entry) {
        memset(out, 0, sizeof(*out));
        out->fallback_cost = -1;
        return FALSE;
    }
    if (r->frozen || entry->retired)
        tfo_results_unpack(r, entry, out);
    else
        tfo_results_compute(&entry->rec, out);
    out->final = r->frozen;
    return TRUE;
}

/* Stores what is the frame's own in the result of |entry|; its live records
 * are no longer read. */
static void tfo_results_settle_entry(tfo_frame_entry *entry)
{
    tfo_frame_result own;

    tfo_results_compute_own(&entry->rec, &own);
    tfo_results_final_of(&own, &entry->final);
    entry->rec.segment = NULL;
    entry->rec.leg = NULL;
}

/* Settles the entry of |frame| when it still reads |segment| or |leg|. */
static void tfo_results_settle_frame(tfo_results *r, uint32_t frame, const tfo_segment *segment,
                                     const tfo_leg *leg)
{
    tfo_frame_entry *entry = g_hash_table_lookup(r->frames, GUINT_TO_POINTER(frame));

    if (!entry || entry->retired || (segment ? entry->rec.segment != segment : entry->rec.leg != leg))
        return;
    tfo_results_settle_entry(entry);
    entry->retired = TRUE;
}

static void tfo_results_retire_leg(tfo_results *r, const tfo_leg *leg)
{
    const GPtrArray *lists[2];
    guint i, j;

    if (!leg)
        return;
    lists[0] = leg->syns;
    lists[1] = leg->synacks;
    for (i = 0; i < G_N_ELEMENTS(lists); i++)
        for (j = 0; j < lists[i]->len; j++) {
            const tfo_segment *seg = g_ptr_array_index(lists[i], j);
            tfo_results_settle_frame(r, seg->frame, seg, NULL);
        }
    if (leg->first_data_frame)
        tfo_results_settle_frame(r, leg->first_data_frame, NULL, leg);
}

void tfo_results_retire(tfo_results *r, const tfo_handshake *hs)
{
    if (r->frozen || hs->id < 1 || hs->id > r->handshakes->len || g_ptr_array_index(r->handshakes, hs->id - 1) != hs)
        return;
    if (r->summaries->len < hs->id)
        g_array_set_size(r->summaries, hs->id);
    tfo_report_summarize(hs, &g_array_index(r->summaries, tfo_handshake_summary, hs->id - 1));
    tfo_results_retire_leg(r, hs->client_leg);
    tfo_results_retire_leg(r, hs->server_leg);
    g_ptr_array_index(r->handshakes, hs->id - 1) = NULL;
}

void tfo_results_freeze(tfo_results *r)
{
    GHashTableIter iter;
    gpointer value;
    guint i;

    if (r->frozen)
        return;
    g_array_set_size(r->summaries, r->handshakes->len);
    for (i = 0; i < r->handshakes->len; i++)
        if (g_ptr_array_index(r->handshakes, i))
            tfo_report_summarize(g_ptr_array_index(r->handshakes, i),
                                 &g_array_index(r->summaries, tfo_handshake_summary, i));
    g_hash_table_iter_init(&iter, r->frames);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        tfo_frame_entry *entry = value;
        for (i = 0; entry->rec.proofs && i < entry->rec.proofs->len; i++) {
            tfo_proof *p = &g_array_index(entry->rec.proofs, tfo_proof, i);
            p->verdict = g_array_index(r->summaries, tfo_handshake_summary, p->handshake - 1).verdict;
        }
        if (!entry->retired)
            tfo_results_settle_entry(entry);
    }
    r->frozen = TRUE;
}

gboolean tfo_results_frozen(const tfo_results *r)
{
    return r->frozen;
}
