/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_results.h"

#include <string.h>

struct tfo_results {
    GHashTable *frames;            /* frame number -> tfo_frame_record * */
    GPtrArray *handshakes;         /* const tfo_handshake *, by id - 1; not owned */
    GArray *summaries;             /* tfo_handshake_summary by id - 1, once frozen */
    gboolean frozen;
};

static void tfo_results_free_record(gpointer data)
{
    tfo_frame_record *rec = data;
    if (rec->proofs)
        g_array_free(rec->proofs, TRUE);
    g_free(rec);
}

tfo_results *tfo_results_new(void)
{
    tfo_results *r = g_new0(tfo_results, 1);

    r->frames = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, tfo_results_free_record);
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
    tfo_frame_record *rec = g_hash_table_lookup(r->frames, GUINT_TO_POINTER(frame));

    if (!rec && !r->frozen) {
        rec = g_new0(tfo_frame_record, 1);
        g_hash_table_insert(r->frames, GUINT_TO_POINTER(frame), rec);
    }
    return rec;
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
    if (r->frozen)
        *out = g_array_index(r->summaries, tfo_handshake_summary, id - 1);
    else
        tfo_report_summarize(g_ptr_array_index(r->handshakes, id - 1), out);
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

/* Works out the result of |rec| from the live handshake records. */
static void tfo_results_compute(const tfo_frame_record *rec, tfo_frame_result *out)
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
    if (leg && rec->segment && rec->segment == tfo_leg_first_syn(leg) && leg == leg->hs->client_leg) {
        out->has_record = TRUE;
        tfo_report_summarize(leg->hs, &out->record);
    }
    if (leg) {
        out->handshake = leg->hs->id;
        out->side = leg->side;
        out->verdict = tfo_handshake_verdict(leg->hs);
        out->reason = out->verdict == TFO_VERDICT_UNKNOWN ? (uint8_t)tfo_report_reason(leg->hs) : TFO_REASON_NONE;
        out->fallback_cost = tfo_handshake_fallback_cost(leg->hs);
    }
}

gboolean tfo_results_frame(const tfo_results *r, uint32_t frame, tfo_frame_result *out)
{
    const tfo_frame_record *rec = g_hash_table_lookup(r->frames, GUINT_TO_POINTER(frame));

    if (!rec) {
        memset(out, 0, sizeof(*out));
        out->fallback_cost = -1;
        return FALSE;
    }
    if (rec->frozen)
        *out = rec->result;
    else
        tfo_results_compute(rec, out);
    return TRUE;
}

void tfo_results_freeze(tfo_results *r)
{
    GHashTableIter iter;
    gpointer value;
    guint i;

    if (r->frozen)
        return;
    g_hash_table_iter_init(&iter, r->frames);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        tfo_frame_record *rec = value;
        for (i = 0; rec->proofs && i < rec->proofs->len; i++) {
            tfo_proof *p = &g_array_index(rec->proofs, tfo_proof, i);
            p->verdict = tfo_handshake_verdict(tfo_results_handshake(r, p->handshake));
        }
        tfo_results_compute(rec, &rec->result);
        rec->frozen = TRUE;
        rec->segment = NULL;
        rec->leg = NULL;
    }
    g_array_set_size(r->summaries, r->handshakes->len);
    for (i = 0; i < r->handshakes->len; i++)
        tfo_report_summarize(g_ptr_array_index(r->handshakes, i),
                             &g_array_index(r->summaries, tfo_handshake_summary, i));
    r->frozen = TRUE;
}

gboolean tfo_results_frozen(const tfo_results *r)
{
    return r->frozen;
}
