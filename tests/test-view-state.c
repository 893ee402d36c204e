/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-view-state"

#include "config.h"

#include <string.h>

#include "sc-memory-source.h"
#include "sc-render-view.h"
#include "sc-source.h"
#include "sc-test-util.h"
#include "sc-view-state.h"

static ScStack *
make_stack_full (guint        nc,
                 guint        nz,
                 guint        nt,
                 ScSampleType type,
                 guint        spp,
                 gboolean     palette)
{
  guint w = 31, h = 19;
  gsize n = (gsize) w * h * nc * nz * nt * spp * sc_sample_type_size (type);
  guint8 *data = g_malloc (n);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) ((i * 2654435761u) >> 13);
  bytes = g_bytes_new_take (data, n);
  source = sc_memory_source_new (w, h, nc, nz, nt, type, spp, bytes);
  if (palette)
    {
      ScStackInfo *info = sc_source_get_info (source);

      info->palette = g_malloc (256 * 3);
      for (guint i = 0; i < 256 * 3; i++)
        info->palette[i] = (guint8) (i * 5);
    }
  return sc_stack_new_for_source (source, "generated");
}

static ScStack *
make_stack (guint nc,
            guint nz,
            guint nt)
{
  return make_stack_full (nc, nz, nt, SC_SAMPLE_U16, 1, FALSE);
}

/* Counts notifies by property name and the signals, in order, as one string. */
typedef struct {
  GString *log;
  guint    n_display;
  guint    n_channel;
} Recorder;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Recorder   *rec)
{
  g_string_append_printf (rec->log, "notify:%s ", pspec->name);
}

static void
on_channel_changed (ScViewState *state,
                    guint        c,
                    Recorder    *rec)
{
  rec->n_channel++;
  g_string_append_printf (rec->log, "channel:%u ", c);
}

static void
on_display_changed (ScViewState *state,
                    Recorder    *rec)
{
  rec->n_display++;
  g_string_append (rec->log, "display ");
}

static void
recorder_attach (Recorder    *rec,
                 ScViewState *state)
{
  rec->log = g_string_new (NULL);
  rec->n_display = rec->n_channel = 0;
  g_signal_connect (state, "notify", G_CALLBACK (on_notify), rec);
  g_signal_connect (state, "channel-changed", G_CALLBACK (on_channel_changed), rec);
  g_signal_connect (state, "display-changed", G_CALLBACK (on_display_changed), rec);
}

static void
recorder_reset (Recorder *rec)
{
  g_string_truncate (rec->log, 0);
  rec->n_display = rec->n_channel = 0;
}

static void
recorder_clear (Recorder *rec)
{
  g_string_free (rec->log, TRUE);
}

static void
test_defaults (void)
{
  g_autoptr(ScStack) single = make_stack (1, 5, 2);
  g_autoptr(ScStack) multi = make_stack (3, 4, 1);
  g_autoptr(ScStack) rgb = make_stack_full (1, 1, 1, SC_SAMPLE_U8, 3, FALSE);
  g_autoptr(ScStack) f32 = make_stack_full (1, 1, 1, SC_SAMPLE_F32, 1, FALSE);
  g_autoptr(ScViewState) s = sc_view_state_new (single);
  g_autoptr(ScViewState) m = sc_view_state_new (multi);
  g_autoptr(ScViewState) r = sc_view_state_new (rgb);
  g_autoptr(ScViewState) f = sc_view_state_new (f32);
  const ScRenderParams *p;

  /* the middle of a Z stack, the first channel and frame */
  g_assert_cmpuint (sc_view_state_get_slice (s), ==, 2);
  g_assert_cmpuint (sc_view_state_get_channel (s), ==, 0);
  g_assert_cmpuint (sc_view_state_get_frame (s), ==, 0);
  g_assert_false (sc_view_state_get_composite (s));
  g_assert_false (sc_view_state_get_follow_data (s));
  g_assert_cmpfloat (sc_view_state_get_zoom (s), ==, 0);
  p = sc_view_state_get_params (s, 0);
  g_assert_cmpint (p->colormap, ==, SC_COLORMAP_GRAY);
  g_assert_null (p->lut);
  g_assert_cmpfloat (p->min, ==, 0);
  g_assert_cmpfloat (p->max, ==, 65535);
  g_assert_cmpfloat (p->gamma, ==, 1.0);
  g_assert_false (p->log_scale);
  g_assert_false (sc_view_state_has_range (s, 0));
  g_assert_true (sc_view_state_get_visible (s, 0));
  g_assert_cmpuint (sc_view_state_get_plane_index (s, 0), ==, 2);

  /* several gray channels open as a composite in the channel colours */
  g_assert_cmpuint (sc_view_state_get_n_channels (m), ==, 3);
  g_assert_true (sc_view_state_get_composite (m));
  g_assert_cmpuint (sc_view_state_get_slice (m), ==, 2);
  for (guint c = 0; c < 3; c++)
    {
      g_assert_cmpint (sc_view_state_get_params (m, c)->colormap, ==,
                       sc_colormap_for_channel (c, 3));
      g_assert_true (sc_view_state_get_visible (m, c));
    }
  g_assert_cmpuint (sc_view_state_get_plane_index (m, 1), ==, 1 + 3 * 2);

  /* RGB is not a composite, and cannot become one */
  g_assert_false (sc_view_state_get_composite (r));
  sc_view_state_set_composite (r, TRUE);
  g_assert_false (sc_view_state_get_composite (r));
  g_assert_cmpfloat (sc_view_state_get_params (r, 0)->max, ==, 255);

  /* float data waits for its range at 0..1 */
  g_assert_cmpfloat (sc_view_state_get_params (f, 0)->min, ==, 0);
  g_assert_cmpfloat (sc_view_state_get_params (f, 0)->max, ==, 1);
}

static void
test_palette (void)
{
  g_autoptr(ScStack) stack = make_stack_full (1, 1, 1, SC_SAMPLE_U8, 1, TRUE);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewSnapshot) snapshot = NULL;
  const ScRenderParams *p = sc_view_state_get_params (state, 0);

  /* the file's LUT, as the params' own copy */
  g_assert_nonnull (p->lut);
  g_assert_true (p->lut != sc_stack_get_palette (stack));
  g_assert_cmpmem (p->lut, 768, sc_stack_get_palette (stack), 768);
  g_assert_cmpint (p->colormap, ==, SC_COLORMAP_GRAY);
  g_assert_true (sc_render_params_get_lut (p) == p->lut);

  snapshot = sc_view_state_snapshot (state);
  g_assert_cmpmem (sc_view_snapshot_get_params (snapshot, 0)->lut, 768,
                   sc_stack_get_palette (stack), 768);

  /* choosing a colormap replaces it, even gray */
  sc_view_state_set_colormap (state, 0, SC_COLORMAP_GRAY);
  g_assert_null (sc_view_state_get_params (state, 0)->lut);
  /* the old snapshot keeps what it showed */
  g_assert_nonnull (sc_view_snapshot_get_params (snapshot, 0)->lut);
}

static void
test_position (void)
{
  g_autoptr(ScStack) stack = make_stack (2, 5, 3);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  Recorder rec;

  sc_view_state_set_composite (state, FALSE);
  recorder_attach (&rec, state);

  /* clamps */
  sc_view_state_set_slice (state, 100);
  g_assert_cmpuint (sc_view_state_get_slice (state), ==, 4);
  sc_view_state_set_frame (state, 7);
  g_assert_cmpuint (sc_view_state_get_frame (state), ==, 2);
  sc_view_state_set_channel (state, 9);
  g_assert_cmpuint (sc_view_state_get_channel (state), ==, 1);
  g_assert_cmpstr (rec.log->str, ==,
                   "notify:slice display notify:frame display notify:channel display ");

  /* no change, no signal */
  recorder_reset (&rec);
  sc_view_state_set_slice (state, 4);
  sc_view_state_set_slice (state, 50);
  sc_view_state_set_position (state, 1, 4, 2);
  g_object_set (state, "frame", 2, NULL);
  g_assert_cmpstr (rec.log->str, ==, "");

  /* three changes, one display-changed after the notifies */
  sc_view_state_set_position (state, 0, 1, 0);
  g_assert_cmpuint (rec.n_display, ==, 1);
  g_assert_true (g_str_has_suffix (rec.log->str, "display "));
  g_assert_nonnull (strstr (rec.log->str, "notify:channel"));
  g_assert_nonnull (strstr (rec.log->str, "notify:slice"));
  g_assert_nonnull (strstr (rec.log->str, "notify:frame"));
  g_assert_cmpuint (sc_view_state_get_plane_index (state, 1), ==, 1 + 2 * 1);

  /* in a composite, choosing another channel does not change the pixels */
  sc_view_state_set_composite (state, TRUE);
  recorder_reset (&rec);
  sc_view_state_set_channel (state, 1);
  g_assert_cmpstr (rec.log->str, ==, "notify:channel ");

  /* zoom and centre are not pixels */
  recorder_reset (&rec);
  sc_view_state_set_zoom (state, 4);
  sc_view_state_set_zoom (state, 4);
  sc_view_state_set_center (state, 10, 1000);
  sc_view_state_set_center (state, 10, 1000);
  g_assert_cmpstr (rec.log->str, ==, "notify:zoom notify:center-x notify:center-y ");
  {
    double x, y;

    sc_view_state_get_center (state, &x, &y);
    g_assert_cmpfloat (x, ==, 10);
    g_assert_cmpfloat (y, ==, 19);
  }
  sc_view_state_set_zoom (state, -3);
  g_assert_cmpfloat (sc_view_state_get_zoom (state), ==, 0);
  recorder_clear (&rec);
}

static void
test_composite (void)
{
  g_autoptr(ScStack) single = make_stack (1, 1, 1);
  g_autoptr(ScStack) multi = make_stack (2, 1, 1);
  g_autoptr(ScViewState) s = sc_view_state_new (single);
  g_autoptr(ScViewState) m = sc_view_state_new (multi);
  Recorder rec;

  recorder_attach (&rec, s);
  sc_view_state_set_composite (s, TRUE);
  g_assert_false (sc_view_state_get_composite (s));
  g_assert_cmpstr (rec.log->str, ==, "");
  recorder_clear (&rec);

  recorder_attach (&rec, m);
  sc_view_state_set_composite (m, TRUE);
  g_assert_cmpstr (rec.log->str, ==, "");
  sc_view_state_set_composite (m, FALSE);
  g_assert_cmpstr (rec.log->str, ==, "notify:composite display ");

  /* visibility only shows in a composite */
  recorder_reset (&rec);
  sc_view_state_set_visible (m, 1, FALSE);
  g_assert_cmpstr (rec.log->str, ==, "channel:1 ");
  sc_view_state_set_visible (m, 1, FALSE);
  sc_view_state_set_composite (m, TRUE);
  recorder_reset (&rec);
  sc_view_state_set_visible (m, 1, TRUE);
  g_assert_cmpstr (rec.log->str, ==, "channel:1 display ");
  recorder_clear (&rec);
}

static void
test_channels (void)
{
  g_autoptr(ScStack) stack = make_stack (3, 1, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  Recorder rec;

  recorder_attach (&rec, state);

  /* each channel keeps its own range */
  sc_view_state_set_range (state, 0, 10, 20);
  sc_view_state_set_range (state, 2, 300, 400);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->min, ==, 10);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->max, ==, 20);
  g_assert_cmpfloat (sc_view_state_get_params (state, 1)->min, ==, 0);
  g_assert_cmpfloat (sc_view_state_get_params (state, 1)->max, ==, 65535);
  g_assert_cmpfloat (sc_view_state_get_params (state, 2)->max, ==, 400);
  g_assert_true (sc_view_state_has_range (state, 0));
  g_assert_false (sc_view_state_has_range (state, 1));
  g_assert_cmpstr (rec.log->str, ==, "channel:0 display channel:2 display ");

  /* unchanged settings say nothing */
  recorder_reset (&rec);
  sc_view_state_set_range (state, 0, 10, 20);
  sc_view_state_set_gamma (state, 0, 1.0);
  sc_view_state_set_log_scale (state, 0, FALSE);
  sc_view_state_set_colormap (state, 0, sc_colormap_for_channel (0, 3));
  g_assert_cmpstr (rec.log->str, ==, "");

  sc_view_state_set_gamma (state, 1, 0.5);
  sc_view_state_set_log_scale (state, 1, TRUE);
  sc_view_state_set_colormap (state, 1, SC_COLORMAP_FIRE);
  g_assert_cmpuint (rec.n_channel, ==, 3);
  g_assert_cmpuint (rec.n_display, ==, 3);
  g_assert_cmpfloat (sc_view_state_get_params (state, 1)->gamma, ==, 0.5);
  g_assert_true (sc_view_state_get_params (state, 1)->log_scale);
  g_assert_cmpint (sc_view_state_get_params (state, 1)->colormap, ==, SC_COLORMAP_FIRE);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->gamma, ==, 1.0);

  /* all settings at once: one signal, and the palette as the params' own copy */
  {
    ScRenderParams p;
    guint8 lut[768];

    for (guint i = 0; i < 768; i++)
      lut[i] = (guint8) (255 - i % 256);
    sc_render_params_init (&p, 7, 70, SC_COLORMAP_GRAY);
    p.gamma = 2.0;
    p.lut = lut;
    recorder_reset (&rec);
    sc_view_state_set_params (state, 2, &p);
    g_assert_cmpstr (rec.log->str, ==, "channel:2 display ");
    memset (lut, 0, sizeof lut);
    g_assert_true (sc_view_state_get_params (state, 2)->lut != lut);
    g_assert_cmpuint (sc_view_state_get_params (state, 2)->lut[0], ==, 255);
    g_assert_cmpfloat (sc_view_state_get_params (state, 2)->gamma, ==, 2.0);
    g_assert_cmpfloat (sc_view_state_get_params (state, 2)->max, ==, 70);
    recorder_reset (&rec);
    sc_view_state_set_params (state, 2, sc_view_state_get_params (state, 2));
    g_assert_cmpstr (rec.log->str, ==, "");
  }

  /* not a composite: another channel's settings do not change the pixels */
  sc_view_state_set_composite (state, FALSE);
  recorder_reset (&rec);
  sc_view_state_set_range (state, 1, 5, 6);
  g_assert_cmpstr (rec.log->str, ==, "channel:1 ");
  sc_view_state_set_range (state, 0, 5, 6);
  g_assert_cmpstr (rec.log->str, ==, "channel:1 channel:0 display ");
  recorder_clear (&rec);
}

static void
test_follow_data (void)
{
  g_autoptr(ScStack) source = make_stack (2, 3, 1);
  g_autoptr(ScStack) result = make_stack (2, 1, 1);
  g_autoptr(ScStack) one = make_stack (1, 1, 1);
  g_autoptr(ScViewState) from = sc_view_state_new (source);
  g_autoptr(ScViewState) state = NULL;
  g_autoptr(ScViewState) single = NULL;
  Recorder rec;

  sc_view_state_set_range (from, 1, 100, 200);
  sc_view_state_set_colormap (from, 0, SC_COLORMAP_CYAN);
  sc_view_state_set_channel (from, 1);
  state = sc_view_state_new_for_result (result, from, -1);
  g_assert_true (sc_view_state_get_follow_data (state));
  g_assert_true (sc_view_state_get_composite (state));
  g_assert_cmpuint (sc_view_state_get_channel (state), ==, 1);
  g_assert_cmpint (sc_view_state_get_params (state, 0)->colormap, ==, SC_COLORMAP_CYAN);
  g_assert_cmpfloat (sc_view_state_get_params (state, 1)->max, ==, 200);

  /* one channel projected: its settings, on channel 0 */
  single = sc_view_state_new_for_result (one, from, 1);
  g_assert_false (sc_view_state_get_composite (single));
  g_assert_cmpuint (sc_view_state_get_channel (single), ==, 0);
  g_assert_cmpfloat (sc_view_state_get_params (single, 0)->min, ==, 100);

  /* the data's own range keeps following; the user's stops it */
  recorder_attach (&rec, state);
  sc_view_state_set_auto_range (state, 0, 3, 4);
  g_assert_true (sc_view_state_get_follow_data (state));
  g_assert_true (sc_view_state_has_range (state, 0));
  g_assert_cmpstr (rec.log->str, ==, "channel:0 display ");
  recorder_reset (&rec);
  sc_view_state_set_range (state, 0, 3, 4);
  g_assert_false (sc_view_state_get_follow_data (state));
  g_assert_cmpstr (rec.log->str, ==, "notify:follow-data ");
  sc_view_state_set_follow_data (state, FALSE);
  g_assert_cmpstr (rec.log->str, ==, "notify:follow-data ");
  recorder_clear (&rec);
}

/* A projection's next partial result replaces the stack; the settings stay. */
static void
test_update_stack (void)
{
  g_autoptr(ScStack) first = make_stack (2, 1, 1);
  g_autoptr(ScStack) next = make_stack (2, 1, 1);
  g_autoptr(ScViewState) state = sc_view_state_new_for_result (first, NULL, -1);
  g_autoptr(ScViewSnapshot) before = NULL;
  g_autoptr(ScViewSnapshot) after = NULL;
  Recorder rec;

  sc_view_state_set_auto_range (state, 1, 5, 50);
  sc_view_state_set_zoom (state, 2);
  before = sc_view_state_snapshot (state);
  recorder_attach (&rec, state);
  sc_view_state_update_stack (state, next);
  g_assert_cmpstr (rec.log->str, ==, "notify:stack display ");
  g_assert_true (sc_view_state_get_stack (state) == next);
  g_assert_cmpfloat (sc_view_state_get_params (state, 1)->max, ==, 50);
  g_assert_cmpfloat (sc_view_state_get_zoom (state), ==, 2);
  g_assert_true (sc_view_state_get_follow_data (state));
  after = sc_view_state_snapshot (state);
  g_assert_true (sc_view_snapshot_get_stack (after) == next);
  g_assert_true (sc_view_snapshot_get_stack (before) == first);
  g_assert_cmpuint (sc_view_snapshot_get_serial (after), !=, sc_view_snapshot_get_serial (before));

  recorder_reset (&rec);
  sc_view_state_update_stack (state, next);
  g_assert_cmpstr (rec.log->str, ==, "");
  recorder_clear (&rec);
}

static void
test_snapshot (void)
{
  g_autoptr(ScStack) stack = make_stack (2, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewState) other = sc_view_state_new (stack);
  ScViewSnapshot *a, *b, *c;
  guint64 serial;

  a = sc_view_state_snapshot (state);
  b = sc_view_state_snapshot (state);
  g_assert_true (a == b);
  sc_view_snapshot_unref (b);
  serial = sc_view_snapshot_get_serial (a);
  g_assert_cmpuint (serial, >, 0);
  g_assert_true (sc_view_snapshot_get_stack (a) == stack);
  g_assert_cmpuint (sc_view_snapshot_get_width (a), ==, 31);
  g_assert_cmpuint (sc_view_snapshot_get_height (a), ==, 19);
  g_assert_cmpuint (sc_view_snapshot_get_n_channels (a), ==, 2);
  g_assert_true (sc_view_snapshot_get_composite (a));

  /* zoom is not in a snapshot */
  sc_view_state_set_zoom (state, 2);
  b = sc_view_state_snapshot (state);
  g_assert_true (a == b);
  sc_view_snapshot_unref (b);

  /* another selected channel of a composite: a new snapshot of the same pixels */
  sc_view_state_set_channel (state, 1);
  b = sc_view_state_snapshot (state);
  g_assert_true (a != b);
  g_assert_cmpuint (sc_view_snapshot_get_serial (b), ==, serial);
  {
    guint ch, z, t;

    sc_view_snapshot_get_position (b, &ch, &z, &t);
    g_assert_cmpuint (ch, ==, 1);
    g_assert_cmpuint (z, ==, 1);
    sc_view_snapshot_get_position (a, &ch, NULL, NULL);
    g_assert_cmpuint (ch, ==, 0);
  }

  /* new pixels: a new serial; the old snapshot is unchanged */
  sc_view_state_set_range (state, 0, 1, 2);
  c = sc_view_state_snapshot (state);
  g_assert_cmpuint (sc_view_snapshot_get_serial (c), >, serial);
  g_assert_cmpfloat (sc_view_snapshot_get_params (c, 0)->max, ==, 2);
  g_assert_cmpfloat (sc_view_snapshot_get_params (a, 0)->max, ==, 65535);
  sc_view_snapshot_unref (c);

  sc_view_state_set_slice (state, 0);
  c = sc_view_state_snapshot (state);
  g_assert_cmpuint (sc_view_snapshot_get_serial (c), >, serial + 1);
  sc_view_snapshot_unref (c);

  /* serials are unique across view states */
  c = sc_view_state_snapshot (other);
  g_assert_cmpuint (sc_view_snapshot_get_serial (c), !=, serial);
  sc_view_snapshot_unref (c);

  /* a snapshot outlives its view state */
  g_clear_object (&state);
  g_assert_true (sc_view_snapshot_get_visible (b, 1));
  {
    g_autoptr(GBytes) pixels = sc_render_view_plane (b, NULL, NULL);

    g_assert_nonnull (pixels);
  }
  sc_view_snapshot_unref (a);
  sc_view_snapshot_unref (b);
}

typedef struct {
  ScViewSnapshot *snapshot;
  GBytes         *pixels;
} RenderJob;

static gpointer
render_thread (gpointer data)
{
  RenderJob *job = data;

  job->pixels = sc_render_view_plane (job->snapshot, NULL, NULL);
  return NULL;
}

/* Several threads render one fresh snapshot (its tables not made yet) at once. */
static void
test_snapshot_threads (void)
{
  g_autoptr(ScStack) stack = make_stack (3, 2, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(GBytes) expected = NULL;
  RenderJob jobs[8];
  GThread *threads[8];

  sc_view_state_set_gamma (state, 1, 0.7);
  {
    g_autoptr(ScViewSnapshot) first = sc_view_state_snapshot (state);

    expected = sc_render_view_plane (first, NULL, NULL);
  }
  sc_view_state_set_gamma (state, 1, 0.8);
  sc_view_state_set_gamma (state, 1, 0.7);

  for (guint round = 0; round < 20; round++)
    {
      ScViewSnapshot *snapshot;

      /* a new snapshot each round, so that the tables are made concurrently */
      sc_view_state_set_log_scale (state, 0, round % 2 == 1);
      snapshot = sc_view_state_snapshot (state);
      for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
        {
          jobs[i].snapshot = snapshot;
          jobs[i].pixels = NULL;
          threads[i] = g_thread_new ("render", render_thread, &jobs[i]);
        }
      for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
        g_thread_join (threads[i]);
      for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
        {
          g_assert_nonnull (jobs[i].pixels);
          g_assert_true (g_bytes_equal (jobs[i].pixels, jobs[0].pixels));
          if (round % 2 == 0)
            g_assert_true (g_bytes_equal (jobs[i].pixels, expected));
        }
      for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
        g_bytes_unref (jobs[i].pixels);
      sc_view_snapshot_unref (snapshot);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/view-state/defaults", test_defaults);
  g_test_add_func ("/core/view-state/palette", test_palette);
  g_test_add_func ("/core/view-state/position", test_position);
  g_test_add_func ("/core/view-state/composite", test_composite);
  g_test_add_func ("/core/view-state/channels", test_channels);
  g_test_add_func ("/core/view-state/follow-data", test_follow_data);
  g_test_add_func ("/core/view-state/update-stack", test_update_stack);
  g_test_add_func ("/core/view-state/snapshot", test_snapshot);
  g_test_add_func ("/core/view-state/snapshot-threads", test_snapshot_threads);

  return g_test_run ();
}
