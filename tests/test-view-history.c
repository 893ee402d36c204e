/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-view-history"

#include "config.h"

#include <string.h>

#include "sc-memory-source.h"
#include "sc-source.h"
#include "sc-test-util.h"
#include "sc-view-history.h"

static ScStack *
make_stack (guint    nc,
            gboolean palette)
{
  guint w = 17, h = 11, nz = 3;
  gsize n = (gsize) w * h * nc * nz * 2;
  guint8 *data = g_malloc (n);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) ((i * 2654435761u) >> 11);
  bytes = g_bytes_new_take (data, n);
  source = sc_memory_source_new (w, h, nc, nz, 1, SC_SAMPLE_U16, 1, bytes);
  if (palette)
    {
      ScStackInfo *info = sc_source_get_info (source);

      info->palette = g_malloc (256 * 3);
      for (guint i = 0; i < 256 * 3; i++)
        info->palette[i] = (guint8) (255 - i % 256);
    }
  return sc_stack_new_for_source (source, "generated");
}

/* Every channel's settings, to compare a whole view state at two moments. */
typedef struct {
  guint          n;
  ScViewSettings s[4];
} State;

static void
save (ScViewState *vs,
      State       *out)
{
  out->n = sc_view_state_get_n_channels (vs);
  g_assert_cmpuint (out->n, <=, G_N_ELEMENTS (out->s));
  for (guint c = 0; c < out->n; c++)
    sc_view_state_get_settings (vs, c, &out->s[c]);
}

static void
assert_state (ScViewState *vs,
              const State *expected)
{
  State now;

  save (vs, &now);
  g_assert_cmpuint (now.n, ==, expected->n);
  for (guint c = 0; c < now.n; c++)
    {
      const ScViewSettings *a = &now.s[c], *b = &expected->s[c];

      g_assert_cmpfloat (a->params.min, ==, b->params.min);
      g_assert_cmpfloat (a->params.max, ==, b->params.max);
      g_assert_cmpfloat (a->params.gamma, ==, b->params.gamma);
      g_assert_cmpint (a->params.log_scale, ==, b->params.log_scale);
      g_assert_cmpint (a->params.colormap, ==, b->params.colormap);
      g_assert_true (a->params.lut == b->params.lut);
      g_assert_cmpint (a->visible, ==, b->visible);
      g_assert_cmpint (a->composite, ==, b->composite);
    }
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* Each kind of edit, one step each; undo walks back through every state exactly, redo
 * forward again. */
static void
test_undo_redo (void)
{
  g_autoptr(ScStack) stack = make_stack (3, FALSE);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  g_autoptr(ScViewHistory) history = sc_view_history_new (vs);
  State states[8];
  guint n = 0, undo_notifies = 0, redo_notifies = 0;

  g_signal_connect (history, "notify::can-undo", G_CALLBACK (count_cb), &undo_notifies);
  g_signal_connect (history, "notify::can-redo", G_CALLBACK (count_cb), &redo_notifies);
  g_assert_false (sc_view_history_get_can_undo (history));
  g_assert_true (sc_view_state_get_composite (vs));

  save (vs, &states[n++]);
  sc_view_state_set_range (vs, 0, 100, 2000);
  save (vs, &states[n++]);
  g_assert_true (sc_view_history_get_can_undo (history));
  g_assert_cmpuint (undo_notifies, ==, 1);
  sc_view_state_set_gamma (vs, 1, 0.5);
  save (vs, &states[n++]);
  sc_view_state_set_colormap (vs, 2, SC_COLORMAP_FIRE);
  save (vs, &states[n++]);
  sc_view_state_set_log_scale (vs, 0, TRUE);
  save (vs, &states[n++]);
  sc_view_state_set_visible (vs, 1, FALSE);
  save (vs, &states[n++]);
  sc_view_state_set_composite (vs, FALSE);
  save (vs, &states[n++]);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, n - 1);
  g_assert_cmpuint (undo_notifies, ==, 1);

  for (guint i = n - 1; i > 0; i--)
    {
      g_assert_true (sc_view_history_undo (history));
      assert_state (vs, &states[i - 1]);
      g_assert_true (sc_view_history_get_can_redo (history));
    }
  g_assert_false (sc_view_history_get_can_undo (history));
  g_assert_false (sc_view_history_undo (history));
  assert_state (vs, &states[0]);
  g_assert_cmpuint (undo_notifies, ==, 2);
  g_assert_cmpuint (redo_notifies, ==, 1);

  for (guint i = 1; i < n; i++)
    {
      g_assert_true (sc_view_history_redo (history));
      assert_state (vs, &states[i]);
    }
  g_assert_false (sc_view_history_get_can_redo (history));
  g_assert_false (sc_view_history_redo (history));
  assert_state (vs, &states[n - 1]);
  /* undo and redo are no edits of their own */
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, n - 1);
}

/* Runs of range or gamma edits merge; other edits, another channel, another field, a pause
 * or the end of a user action start a new step. */
static void
test_coalesce (void)
{
  g_autoptr(ScStack) stack = make_stack (2, FALSE);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  g_autoptr(ScViewHistory) history = sc_view_history_new (vs);
  State start, after;

  save (vs, &start);
  /* a gamma slider dragged: one step, undone to where it started */
  for (guint i = 1; i <= 30; i++)
    sc_view_state_set_gamma (vs, 0, 1.0 + i * 0.05);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 1);
  /* the Max spin button held down: a step of its own (another field) */
  for (guint i = 1; i <= 20; i++)
    sc_view_state_set_range (vs, 0, 0, 60000 - 100 * i);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 2);
  /* another channel */
  sc_view_state_set_range (vs, 1, 10, 100);
  sc_view_state_set_range (vs, 1, 10, 200);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 3);
  save (vs, &after);
  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 1)->max, ==, start.s[1].params.max);
  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->max, ==, start.s[0].params.max);
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->gamma, ==, 2.5);
  g_assert_true (sc_view_history_undo (history));
  assert_state (vs, &start);
  for (guint i = 0; i < 3; i++)
    g_assert_true (sc_view_history_redo (history));
  assert_state (vs, &after);
  sc_view_history_clear (history);

  /* colormaps chosen one after the other are steps each */
  sc_view_state_set_colormap (vs, 0, SC_COLORMAP_FIRE);
  sc_view_state_set_colormap (vs, 0, SC_COLORMAP_VIRIDIS);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 2);
  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpint (sc_view_state_get_params (vs, 0)->colormap, ==, SC_COLORMAP_FIRE);
  sc_view_history_clear (history);

  /* a value dragged back to where it was leaves nothing to undo */
  sc_view_state_set_gamma (vs, 1, 3.0);
  sc_view_state_set_gamma (vs, 1, 1.0);
  g_assert_false (sc_view_history_get_can_undo (history));

  /* a pause longer than the merge time */
  sc_view_history_set_merge_time (history, 30);
  sc_view_state_set_gamma (vs, 1, 1.5);
  g_usleep (80 * 1000);
  sc_view_state_set_gamma (vs, 1, 1.7);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 2);
  sc_view_history_set_merge_time (history, 0);
  sc_view_state_set_gamma (vs, 1, 1.8);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 3);
  sc_view_history_set_merge_time (history, SC_VIEW_HISTORY_MERGE_MS);
  sc_view_history_clear (history);

  /* a user action (Reset): one step of several fields and channels */
  save (vs, &start);
  sc_view_state_begin_user_action (vs);
  sc_view_state_set_gamma (vs, 0, 1.0);
  sc_view_state_set_log_scale (vs, 0, TRUE);
  sc_view_state_begin_user_action (vs);   /* nested: still the same action */
  sc_view_state_set_range (vs, 0, 5, 50);
  sc_view_state_end_user_action (vs);
  sc_view_state_set_visible (vs, 1, FALSE);
  sc_view_state_end_user_action (vs);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 1);
  /* what follows it right away is a step of its own, even of the same field */
  sc_view_state_set_range (vs, 0, 5, 60);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 2);
  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->max, ==, 50);
  g_assert_true (sc_view_history_undo (history));
  assert_state (vs, &start);

  /* after an undo, edits do not merge into the step redone */
  g_assert_true (sc_view_history_redo (history));
  sc_view_state_set_gamma (vs, 0, 0.7);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 2);
}

static void
test_redo_dropped (void)
{
  g_autoptr(ScStack) stack = make_stack (1, FALSE);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  g_autoptr(ScViewHistory) history = sc_view_history_new (vs);
  guint redo_notifies = 0;

  g_signal_connect (history, "notify::can-redo", G_CALLBACK (count_cb), &redo_notifies);
  sc_view_state_set_range (vs, 0, 10, 1000);
  sc_view_state_set_colormap (vs, 0, SC_COLORMAP_MAGMA);
  g_assert_true (sc_view_history_undo (history));
  g_assert_true (sc_view_history_get_can_redo (history));
  g_assert_cmpuint (redo_notifies, ==, 1);

  /* an edit after an undo: the step undone cannot come back */
  sc_view_state_set_gamma (vs, 0, 2.0);
  g_assert_false (sc_view_history_get_can_redo (history));
  g_assert_cmpuint (redo_notifies, ==, 2);
  g_assert_false (sc_view_history_redo (history));
  g_assert_cmpint (sc_view_state_get_params (vs, 0)->colormap, ==, SC_COLORMAP_GRAY);
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->gamma, ==, 2.0);

  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->gamma, ==, 1.0);
  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->max, ==, 65535);
}

static void
display_cb (ScViewState *vs,
            guint       *count)
{
  (*count)++;
}

/* Navigation and automatic ranges are no edits; undo with nothing to undo changes
 * nothing and says nothing. */
static void
test_nothing_to_undo (void)
{
  g_autoptr(ScStack) stack = make_stack (2, FALSE);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  g_autoptr(ScViewHistory) history = sc_view_history_new (vs);
  guint displays = 0;
  State start;

  sc_view_state_set_position (vs, 1, 2, 0);
  sc_view_state_set_zoom (vs, 3.0);
  sc_view_state_set_center (vs, 4, 5);
  sc_view_state_set_auto_range (vs, 0, 300, 4000);
  sc_view_state_set_follow_data (vs, TRUE);
  /* the same value again is no edit either */
  sc_view_state_set_gamma (vs, 0, 1.0);
  sc_view_state_set_range (vs, 0, 300, 4000);
  g_assert_false (sc_view_history_get_can_undo (history));

  save (vs, &start);
  g_signal_connect (vs, "display-changed", G_CALLBACK (display_cb), &displays);
  g_assert_false (sc_view_history_undo (history));
  g_assert_false (sc_view_history_redo (history));
  g_assert_cmpuint (displays, ==, 0);
  assert_state (vs, &start);
  g_assert_cmpuint (sc_view_state_get_slice (vs), ==, 2);
  g_assert_cmpfloat (sc_view_state_get_zoom (vs), ==, 3.0);

  /* an undo of gamma leaves a range set automatically since as it is */
  sc_view_state_set_gamma (vs, 1, 0.4);
  sc_view_state_set_auto_range (vs, 1, 7, 77);
  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 1)->gamma, ==, 1.0);
  g_assert_cmpfloat (sc_view_state_get_params (vs, 1)->min, ==, 7);
  g_assert_cmpfloat (sc_view_state_get_params (vs, 1)->max, ==, 77);
  /* nor does undo move the plane */
  g_assert_cmpuint (sc_view_state_get_channel (vs), ==, 1);
  g_assert_cmpuint (sc_view_state_get_slice (vs), ==, 2);
}

/* A result's new data (update_stack) keeps the history; a file's own LUT comes back. */
static void
test_update_stack (void)
{
  g_autoptr(ScStack) stack = make_stack (1, TRUE);
  g_autoptr(ScStack) next = make_stack (1, TRUE);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  g_autoptr(ScViewHistory) history = sc_view_history_new (vs);
  const guint8 *file_lut = sc_view_state_get_params (vs, 0)->lut;
  State start, edited;

  g_assert_nonnull (file_lut);
  save (vs, &start);
  sc_view_state_set_colormap (vs, 0, SC_COLORMAP_FIRE);
  sc_view_state_set_range (vs, 0, 100, 900);
  save (vs, &edited);
  g_assert_null (sc_view_state_get_params (vs, 0)->lut);

  sc_view_state_update_stack (vs, next);
  g_assert_true (sc_view_state_get_stack (vs) == next);
  g_assert_true (sc_view_history_get_can_undo (history));
  g_assert_true (sc_view_history_undo (history));
  g_assert_true (sc_view_history_undo (history));
  assert_state (vs, &start);
  g_assert_true (sc_view_state_get_params (vs, 0)->lut == file_lut);
  g_assert_cmpmem (sc_view_state_get_params (vs, 0)->lut, 768, sc_stack_get_palette (next), 768);
  sc_view_state_update_stack (vs, stack);
  g_assert_true (sc_view_history_redo (history));
  g_assert_true (sc_view_history_redo (history));
  assert_state (vs, &edited);

  /* another view state: the steps of this one go */
  {
    g_autoptr(ScViewState) other = sc_view_state_new (next);

    sc_view_history_set_view_state (history, other);
    g_assert_false (sc_view_history_get_can_undo (history));
    sc_view_state_set_gamma (vs, 0, 2.0);
    g_assert_false (sc_view_history_get_can_undo (history));
    sc_view_state_set_gamma (other, 0, 2.0);
    g_assert_true (sc_view_history_get_can_undo (history));
  }
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 1);
}

/* Old steps go beyond the limit; the newest stay undoable. */
static void
test_limit (void)
{
  g_autoptr(ScStack) stack = make_stack (1, FALSE);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  g_autoptr(ScViewHistory) history = sc_view_history_new (vs);
  guint n = SC_VIEW_HISTORY_MAX_STEPS + 20;

  for (guint i = 0; i < n; i++)
    sc_view_state_set_log_scale (vs, 0, i % 2 == 0);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, SC_VIEW_HISTORY_MAX_STEPS);
  for (guint i = 0; i < SC_VIEW_HISTORY_MAX_STEPS; i++)
    g_assert_true (sc_view_history_undo (history));
  g_assert_false (sc_view_history_undo (history));
  /* back to the state after the 20 toggles that went: log off */
  g_assert_true (sc_view_state_get_params (vs, 0)->log_scale == FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/view-history/undo-redo", test_undo_redo);
  g_test_add_func ("/core/view-history/coalesce", test_coalesce);
  g_test_add_func ("/core/view-history/redo-dropped", test_redo_dropped);
  g_test_add_func ("/core/view-history/nothing-to-undo", test_nothing_to_undo);
  g_test_add_func ("/core/view-history/update-stack", test_update_stack);
  g_test_add_func ("/core/view-history/limit", test_limit);

  return g_test_run ();
}
