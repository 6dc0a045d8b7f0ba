/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "TFO through NAT" table, one row per handshake and a gateway summary:
 * `tshark -z tfo,nat[,FILTER]` and Statistics -> TFO through NAT. They read
 * only what the tap hands them (tfo_tap_data). The text table is drawn once
 * the capture is finished, so its verdicts are final even in a single pass,
 * where a frame may be analysed after it was tapped: the frames the filter
 * selected are kept, and their handshakes looked up when drawn; with
 * tshark -M, the rows of every session are kept as its analysis ends. */
#include <stdio.h>

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "tfo_analysis.h"
#include "tfo_stats.h"
#include "tfo_compat.h"
#include "tfo_report.h"

#define TFO_CLI_STRING "tfo,nat"

/* Marks the handshakes |r| names in |selected| (by id). */
static void tfo_stats_select(GArray *selected, const tfo_frame_result *r)
{
    guint32 id;
    guint i;

    for (i = 0; i <= (r->proofs ? r->proofs->len : 0); i++) {
        id = i == 0 ? r->handshake : g_array_index(r->proofs, tfo_proof, i - 1).handshake;
        if (!id)
            continue;
        if (id >= selected->len)
            g_array_set_size(selected, id + 1);
        g_array_index(selected, gboolean, id) = TRUE;
    }
}

/* ---- tshark -z tfo,nat ---- */

/* With tshark -M, each session reset ends an analysis (tfo_analysis.h): its
 * rows are kept, numbered on after those before, and listed first. */
typedef struct {
    char *filter;
    GArray *frames;             /* guint32: the frames the filter selected */
    const tfo_results *results; /* of the capture tapped */
    GArray *earlier;            /* tfo_handshake_summary: rows of analyses ended */
    guint32 offset;             /* handshakes of the analyses ended */
    gboolean drawn;
} tfo_cli_table;

static void tfo_cli_reset(void *tapdata)
{
    tfo_cli_table *t = tapdata;
    g_array_set_size(t->frames, 0);
    g_array_set_size(t->earlier, 0);
    t->results = NULL;
    t->offset = 0;
    t->drawn = FALSE;
}

static tap_packet_status tfo_cli_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                        const void *data, tap_flags_t flags _U_)
{
    tfo_cli_table *t = tapdata;
    const tfo_tap_data *d = data;

    t->results = d->results;
    if (t->filter)
        g_array_append_val(t->frames, d->frame);
    return TAP_PACKET_REDRAW;
}

/* The handshakes to list, by id: all of them, or those of the frames the
 * filter selected. */
static GArray *tfo_cli_selected(const tfo_cli_table *t, const tfo_results *results)
{
    GArray *selected = g_array_new(FALSE, TRUE, sizeof(gboolean));
    guint32 count = tfo_results_handshake_count(results);
    tfo_frame_result r;
    guint i;

    if (!t->filter) {
        g_array_set_size(selected, count + 1);
        for (i = 1; i <= count; i++)
            g_array_index(selected, gboolean, i) = TRUE;
        return selected;
    }
    for (i = 0; i < t->frames->len; i++)
        if (tfo_results_frame(results, g_array_index(t->frames, guint32, i), &r))
            tfo_stats_select(selected, &r);
    return selected;
}

/* An analysis ended before the table was drawn (tshark -M): keeps its rows. */
static void tfo_cli_analysis_ended(const tfo_results *results, void *user_data)
{
    tfo_cli_table *t = user_data;
    GArray *selected;
    guint id;

    if (t->drawn)
        return;
    selected = tfo_cli_selected(t, results);
    for (id = 1; id < selected->len; id++) {
        tfo_handshake_summary s;
        if (g_array_index(selected, gboolean, id) && tfo_results_summary(results, id, &s)) {
            s.id += t->offset;
            g_array_append_val(t->earlier, s);
        }
    }
    g_array_free(selected, TRUE);
    t->offset += tfo_results_handshake_count(results);
    g_array_set_size(t->frames, 0); /* frame numbers start again from 1 */
    t->results = NULL;
}

static void tfo_cli_draw(void *tapdata)
{
    tfo_cli_table *t = tapdata;
    tfo_report_tally tally = {0};
    GString *out = g_string_new(NULL);
    GArray *selected = NULL;
    guint id;

    t->drawn = TRUE;
    tfo_analysis_finish();
    if (t->results)
        selected = tfo_cli_selected(t, t->results);
    g_string_append(out, "\n==================================================================================="
                         "=================================================================\n");
    g_string_append_printf(out, "TFO through NAT\nFilter: %s\n\n", t->filter ? t->filter : "<none>");
    tfo_report_format_header(out);
    for (id = 0; id < t->earlier->len; id++) {
        tfo_report_format_row(&g_array_index(t->earlier, tfo_handshake_summary, id), out);
        tfo_report_tally_add(&tally, &g_array_index(t->earlier, tfo_handshake_summary, id));
    }
    for (id = 1; selected && id < selected->len; id++) {
        tfo_handshake_summary s;
        if (!g_array_index(selected, gboolean, id) || !tfo_results_summary(t->results, id, &s))
            continue;
        s.id += t->offset;
        tfo_report_format_row(&s, out);
        tfo_report_tally_add(&tally, &s);
    }
    g_string_append_c(out, '\n');
    tfo_report_gateway_summary(&tally, out);
    g_string_append(out, "==================================================================================="
                         "=================================================================\n");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    if (selected)
        g_array_free(selected, TRUE);
}

static void tfo_cli_finish(void *tapdata)
{
    tfo_cli_table *t = tapdata;
    tfo_analysis_unwatch_end(tfo_cli_analysis_ended, t);
    g_free(t->filter);
    g_array_free(t->frames, TRUE);
    g_array_free(t->earlier, TRUE);
    g_free(t);
}

static tfo_stat_init_result tfo_cli_init(const char *opt_arg, void *userdata _U_)
{
    tfo_cli_table *t = g_new0(tfo_cli_table, 1);
    const char *filter = opt_arg + strlen(TFO_CLI_STRING);
    GString *error;

    t->filter = *filter == ',' && filter[1] ? g_strdup(filter + 1) : NULL;
    t->frames = g_array_new(FALSE, FALSE, sizeof(guint32));
    t->earlier = g_array_new(FALSE, FALSE, sizeof(tfo_handshake_summary));
    tfo_analysis_watch_end(tfo_cli_analysis_ended, t);
    error = register_tap_listener("tfo", t, t->filter, TL_REQUIRES_NOTHING, tfo_cli_reset, tfo_cli_packet,
                                  tfo_cli_draw, tfo_cli_finish);
    if (error) {
        fprintf(stderr, "tshark: Couldn't register " TFO_CLI_STRING " tap: %s\n", error->str);
        g_string_free(error, TRUE);
        tfo_cli_finish(t);
        TFO_STAT_INIT_RETURN(false);
    }
    TFO_STAT_INIT_RETURN(true);
}

/* ---- Statistics -> TFO through NAT ---- */

/* The dialog (Qt's SimpleStatisticsDialog) sizes the columns to their
 * contents, shows as many as its width allows, and sorts the rows, and the
 * tables, by the first column. So the verdict comes second and the reason of
 * an unknown one third, where they are seen without scrolling, and the
 * gateway summary sentences sit in the verdict column too; "Summary" sorts after "Handshakes", as in tshark's table; and the
 * handshake number is a number, so that 10 sorts after 9. Summary rows leave
 * the other columns TABLE_ITEM_NONE: blank. */
enum {
    TFO_COL_HANDSHAKE,
    TFO_COL_VERDICT,
    TFO_COL_REASON,
    TFO_COL_LAN,
    TFO_COL_WAN,
    TFO_COL_SERVER,
    TFO_COL_KIND,
    TFO_COL_COOKIE,
    TFO_COL_DATA,
    TFO_COL_FRAME,
    TFO_COL_COST,
    TFO_COL_COUNT
};

static stat_tap_table_item tfo_gui_fields[TFO_COL_COUNT] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "#", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Verdict", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Why unknown", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "LAN client", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "WAN (NAT) address", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Server", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Option kind", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Cookie", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "SYN data LAN/WAN", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Fallback cost", "%s"},
};

static const char *tfo_gui_handshakes = "Handshakes";
static const char *tfo_gui_summary = "Summary";

static void tfo_gui_init(stat_tap_table_ui *ui)
{
    const char *names[] = {tfo_gui_handshakes, tfo_gui_summary};
    guint i;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        stat_tap_table *table = stat_tap_find_table(ui, names[i]);
        if (table) {
            if (ui->stat_tap_reset_table_cb)
                ui->stat_tap_reset_table_cb(table);
            continue;
        }
        stat_tap_add_table(ui, stat_tap_init_table(names[i], TFO_COL_COUNT, 0, NULL));
    }
}

static void tfo_gui_set_string(stat_tap_table_item_type *item, char *owned)
{
    item->type = TABLE_ITEM_STRING;
    g_free((char *)item->value.string_value);
    item->value.string_value = owned;
}

/* Fills row |row| of |table| from |s|, replacing what it held. */
static void tfo_gui_fill_row(stat_tap_table *table, guint row, const tfo_handshake_summary *s)
{
    char buf[TFO_ENDPOINT_STRLEN + 2 * TFO_COOKIE_MAX];
    stat_tap_table_item_type *items;
    const char *reason;

    if (row >= table->num_elements) {
        stat_tap_table_item_type blank[TFO_COL_COUNT];
        memset(blank, 0, sizeof(blank));
        stat_tap_init_table_row(table, row, TFO_COL_COUNT, blank);
    }
    items = table->elements[row];
    items[TFO_COL_HANDSHAKE].type = TABLE_ITEM_UINT;
    items[TFO_COL_HANDSHAKE].value.uint_value = s->id;
    items[TFO_COL_HANDSHAKE].user_data.uint_value = s->id;
    tfo_gui_set_string(&items[TFO_COL_LAN], g_strdup(tfo_endpoint_format(&s->lan_client, buf, sizeof(buf))));
    tfo_gui_set_string(&items[TFO_COL_WAN], g_strdup(tfo_endpoint_format(&s->wan_client, buf, sizeof(buf))));
    tfo_gui_set_string(&items[TFO_COL_SERVER], g_strdup(tfo_endpoint_format(&s->server, buf, sizeof(buf))));
    items[TFO_COL_KIND].type = TABLE_ITEM_UINT;
    items[TFO_COL_KIND].value.uint_value = tfo_option_present(&s->option) ? s->option.kind : 0;
    tfo_gui_set_string(&items[TFO_COL_COOKIE], g_strdup(tfo_report_cookie(&s->option, buf, sizeof(buf))));
    tfo_gui_set_string(&items[TFO_COL_DATA], g_strdup(tfo_report_data_bytes(s, buf, sizeof(buf))));
    tfo_gui_set_string(&items[TFO_COL_VERDICT], g_strdup(tfo_verdict_token(s->verdict)));
    items[TFO_COL_FRAME].type = TABLE_ITEM_UINT;
    items[TFO_COL_FRAME].value.uint_value = s->first_frame;
    tfo_gui_set_string(&items[TFO_COL_COST], g_strdup(tfo_report_seconds(s->fallback_cost, buf, sizeof(buf))));
    reason = tfo_report_reason_token(s->reason);
    tfo_gui_set_string(&items[TFO_COL_REASON], g_strdup(reason ? reason : "-"));
}

/* Drops the rows of |table| from |rows| on. */
static void tfo_gui_truncate(stat_tap_table *table, guint rows)
{
    guint row, col;

    for (row = rows; row < table->num_elements; row++) {
        for (col = 0; col < table->num_fields; col++)
            if (table->elements[row][col].type == TABLE_ITEM_STRING)
                g_free((char *)table->elements[row][col].value.string_value);
        g_free(table->elements[row]);
    }
    table->num_elements = MIN(table->num_elements, rows);
    if (!rows) {
        g_free(table->elements);
        table->elements = NULL;
    }
}

/* Rebuilds the summary table from the handshake rows. */
static void tfo_gui_fill_summary(stat_tap_table *handshakes, stat_tap_table *summary, const tfo_results *results)
{
    tfo_report_tally tally = {0};
    GString *text = g_string_new(NULL);
    gchar **lines;
    guint i;

    for (i = 0; i < handshakes->num_elements; i++) {
        tfo_handshake_summary s;
        guint id = handshakes->elements[i][TFO_COL_HANDSHAKE].user_data.uint_value;
        if (tfo_results_summary(results, id, &s))
            tfo_report_tally_add(&tally, &s);
    }
    tfo_report_gateway_summary(&tally, text);
    lines = g_strsplit(g_strchomp(text->str), "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (i >= summary->num_elements) {
            stat_tap_table_item_type blank[TFO_COL_COUNT];
            memset(blank, 0, sizeof(blank));
            stat_tap_init_table_row(summary, i, TFO_COL_COUNT, blank);
        }
        tfo_gui_set_string(&summary->elements[i][TFO_COL_VERDICT], g_strdup(lines[i]));
    }
    tfo_gui_truncate(summary, i);
    g_strfreev(lines);
    g_string_free(text, TRUE);
}

/* The row of handshake |id|, or the index a new row would take. Rows come
 * in frame order, so the handshake of a frame is usually near the end. */
static guint tfo_gui_find_row(const stat_tap_table *table, guint32 id)
{
    guint i = table->num_elements;

    while (i-- > 0)
        if (table->elements[i][TFO_COL_HANDSHAKE].user_data.uint_value == id)
            return i;
    return table->num_elements;
}

static tap_packet_status tfo_gui_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                        const void *data, tap_flags_t flags _U_)
{
    stat_data_t *stat_data = tapdata;
    stat_tap_table *handshakes = stat_tap_find_table(stat_data->stat_tap_data, tfo_gui_handshakes);
    stat_tap_table *summary = stat_tap_find_table(stat_data->stat_tap_data, tfo_gui_summary);
    const tfo_tap_data *d = data;
    GArray *ids;
    guint id;

    if (!handshakes || !summary || !d->has_result)
        return TAP_PACKET_DONT_REDRAW;
    ids = g_array_new(FALSE, TRUE, sizeof(gboolean));
    tfo_stats_select(ids, &d->result);
    for (id = 1; id < ids->len; id++) {
        tfo_handshake_summary s;
        if (g_array_index(ids, gboolean, id) && tfo_results_summary(d->results, id, &s))
            tfo_gui_fill_row(handshakes, tfo_gui_find_row(handshakes, id), &s);
    }
    g_array_free(ids, TRUE);
    tfo_gui_fill_summary(handshakes, summary, d->results);
    return TAP_PACKET_REDRAW;
}

static void tfo_gui_reset(stat_tap_table *table)
{
    tfo_gui_truncate(table, 0);
}

static void tfo_gui_free_item(stat_tap_table *table _U_, guint row _U_, guint column _U_,
                              stat_tap_table_item_type *field)
{
    if (field->type == TABLE_ITEM_STRING)
        g_free((char *)field->value.string_value);
    field->value.string_value = NULL;
}

void tfo_stats_register(void)
{
    static stat_tap_ui cli = {REGISTER_PACKET_STAT_GROUP_UNSORTED, "TFO through NAT", TFO_CLI_STRING, tfo_cli_init, 0, NULL};
    static tap_param gui_params[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
    static stat_tap_table_ui gui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED, "TFO through NAT", "tfo", "tfo,nat", tfo_gui_init, tfo_gui_packet,
        tfo_gui_reset, tfo_gui_free_item, NULL, TFO_COL_COUNT, tfo_gui_fields,
        G_N_ELEMENTS(gui_params), gui_params, NULL, 0};

    /* Both register "tfo,nat", and of two -z entries of one name the first
     * registered wins: this one, registered while epan loads the plugin,
     * before the program registers its UI for the table. In the Qt GUI that
     * made `wireshark -z tfo,nat` run the text table (printed to stdout)
     * instead of opening the dialog, so the text table is registered only
     * outside it. Wireshark 4.0 has no API that tells the GUI from the
     * command-line programs, but each program of the suite passes its name
     * to ws_log_init() ("wireshark" for the Qt GUI, "tshark", ...), which
     * sets GLib's program name (g_set_prgname) before epan_init() loads
     * plugins. */
    if (g_strcmp0(g_get_prgname(), "wireshark") != 0)
        register_stat_tap_ui(&cli, NULL);
    register_stat_tap_table_ui(&gui);
}
