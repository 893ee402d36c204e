/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-display-panel"

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "sc-channel-list.h"
#include "sc-colormap-button.h"
#include "sc-display-panel.h"
#include "sc-histogram-view.h"
#include "sc-memory-source.h"
#include "sc-navigation-bar.h"
#include "sc-profile-panel.h"
#include "sc-source.h"
#include "sc-view-history.h"
#include "sc-view-state.h"

/* The display panel, navigation bar and profile panel against real view states: what a
 * control does to the view state, what a view state change does to the controls. */

#define W 8
#define H 6

static ScStack *
make_stack (guint n_channels,
            guint n_slices,
            guint n_frames)
{
  gsize n = (gsize) W * H * n_channels * n_slices * n_frames;
  guint8 *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) (10 + (i * 7) % 200);
  return sc_memory_stack_new ("test", W, H, n_channels, n_slices, n_frames, SC_SAMPLE_U8, 1,
                              g_bytes_new_take (data, n));
}

/* The n-th widget of type under root, depth first in child order. */
static GtkWidget *
find_nth (GtkWidget *root,
          GType      type,
          guint     *n)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      if (*n == 0)
        return root;
      (*n)--;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_nth (child, type, n);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find (GtkWidget *root,
      GType      type,
      guint      n)
{
  GtkWidget *found = find_nth (root, type, &n);

  g_assert_nonnull (found);
  return found;
}

static GtkSpinButton *
min_spin (GtkWidget *panel)
{
  return GTK_SPIN_BUTTON (find (panel, GTK_TYPE_SPIN_BUTTON, 0));
}

static GtkSpinButton *
max_spin (GtkWidget *panel)
{
  return GTK_SPIN_BUTTON (find (panel, GTK_TYPE_SPIN_BUTTON, 1));
}

static GtkToggleButton *
toggle_button (GtkWidget  *panel,
               const char *label)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *button = find (panel, GTK_TYPE_TOGGLE_BUTTON, i);

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0)
        return GTK_TOGGLE_BUTTON (button);
    }
}

static GtkToggleButton *
log_button (GtkWidget *panel)
{
  return toggle_button (panel, "Log");
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return condition (data);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
count_notify_cb (gpointer    instance,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
count_uint_cb (gpointer  instance,
               guint     c,
               guint    *count)
{
  (*count)++;
}

static void
test_range_to_spins (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());

  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  g_assert_true (sc_display_panel_get_view_state (SC_DISPLAY_PANEL (panel)) == state);

  sc_view_state_set_range (state, 0, 12, 140);
  g_assert_cmpfloat (gtk_spin_button_get_value (min_spin (panel)), ==, 12);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 140);

  sc_view_state_set_gamma (state, 0, 0.5);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (find (panel, GTK_TYPE_SCALE, 0))), ==, 0.5);
  sc_view_state_set_log_scale (state, 0, TRUE);
  g_assert_true (gtk_toggle_button_get_active (log_button (panel)));
  sc_display_panel_toggle_log (SC_DISPLAY_PANEL (panel));
  g_assert_false (sc_view_state_get_params (state, 0)->log_scale);
  g_assert_false (gtk_toggle_button_get_active (log_button (panel)));

  g_object_unref (panel);
}

static void
test_spins_to_range (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  const ScRenderParams *params;

  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  sc_view_state_set_range (state, 0, 10, 200);

  gtk_spin_button_set_value (min_spin (panel), 30);
  params = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (params->min, ==, 30);
  g_assert_cmpfloat (params->max, ==, 200);

  gtk_spin_button_set_value (max_spin (panel), 90);
  params = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (params->min, ==, 30);
  g_assert_cmpfloat (params->max, ==, 90);

  /* the log button and gamma scale */
  gtk_toggle_button_set_active (log_button (panel), TRUE);
  g_assert_true (sc_view_state_get_params (state, 0)->log_scale);
  gtk_range_set_value (GTK_RANGE (find (panel, GTK_TYPE_SCALE, 0)), 2.0);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->gamma, ==, 2.0);

  /* Reset: the type's full range, gamma 1, linear */
  sc_display_panel_reset_range (SC_DISPLAY_PANEL (panel));
  params = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (params->min, ==, 0);
  g_assert_cmpfloat (params->max, ==, 255);
  g_assert_cmpfloat (params->gamma, ==, 1.0);
  g_assert_false (params->log_scale);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 255);

  g_object_unref (panel);
}

static gboolean
has_histogram (gpointer panel)
{
  return sc_display_panel_get_histogram (panel) != NULL;
}

static void
test_auto_contrast (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  const ScRenderParams *params;

  sc_view_state_set_range (state, 0, 0, 255);
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  /* asked before the histogram is there: applied when it comes */
  sc_display_panel_auto_contrast (SC_DISPLAY_PANEL (panel));
  g_assert_true (wait_for (has_histogram, panel));

  params = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (params->min, >=, 10);
  g_assert_cmpfloat (params->max, <=, 209);
  g_assert_cmpfloat (params->max, >, params->min);
  g_assert_cmpfloat (gtk_spin_button_get_value (min_spin (panel)), ==, params->min);

  g_object_unref (panel);
}

static guint64
histogram_total (GtkWidget *panel)
{
  const ScHistogram *hist = sc_display_panel_get_histogram (SC_DISPLAY_PANEL (panel));

  return hist != NULL ? hist->total : 0;
}

static gboolean
shows_channel_histogram (gpointer panel)
{
  return histogram_total (panel) == 3 * W * H;
}

static void
test_stack_histogram (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScStack) other = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewState) same = sc_view_state_new (stack);
  g_autoptr(ScViewState) different = sc_view_state_new (other);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  GtkToggleButton *plane, *whole;

  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  g_assert_true (wait_for (has_histogram, panel));
  g_assert_cmpuint (histogram_total (panel), ==, W * H);

  plane = toggle_button (panel, "Plane");
  whole = toggle_button (panel, "Stack");
  gtk_toggle_button_set_active (whole, TRUE);
  g_assert_true (wait_for (shows_channel_histogram, panel));
  gtk_toggle_button_set_active (plane, TRUE);
  g_assert_cmpuint (histogram_total (panel), ==, W * H);
  /* kept: shown at once */
  gtk_toggle_button_set_active (whole, TRUE);
  g_assert_cmpuint (histogram_total (panel), ==, 3 * W * H);

  /* another view of the same stack starts on the plane and keeps the channel's */
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), same);
  g_assert_true (gtk_toggle_button_get_active (plane));
  gtk_toggle_button_set_active (whole, TRUE);
  g_assert_cmpuint (histogram_total (panel), ==, 3 * W * H);

  /* another stack's channel is computed anew */
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), different);
  gtk_toggle_button_set_active (whole, TRUE);
  g_assert_cmpuint (histogram_total (panel), !=, 3 * W * H);
  g_assert_true (wait_for (shows_channel_histogram, panel));

  g_object_unref (panel);
}

/* The min and max that make_stack() wrote into plane index of n_planes. */
static void
plane_data_range (guint   index,
                  guint   n_planes,
                  double *min,
                  double *max)
{
  gsize first = (gsize) W * H * index, last = (gsize) W * H * (index + 1);

  if (n_planes > 1 && index == G_MAXUINT)
    first = 0, last = (gsize) W * H * n_planes;
  *min = G_MAXDOUBLE;
  *max = -G_MAXDOUBLE;
  for (gsize i = first; i < last; i++)
    {
      double v = (guint8) (10 + (i * 7) % 200);

      *min = MIN (*min, v);
      *max = MAX (*max, v);
    }
}

static void
test_reset_data_range (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  const ScRenderParams *params;
  double min, max;

  sc_view_state_set_slice (state, 2);
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  g_assert_true (wait_for (has_histogram, panel));

  /* ImageJ's Reset: the plane's own data range, not the type's 0..255 */
  sc_view_state_set_range (state, 0, 50, 60);
  sc_view_state_set_gamma (state, 0, 2.0);
  sc_display_panel_reset_range (SC_DISPLAY_PANEL (panel));
  plane_data_range (sc_view_state_get_plane_index (state, 0), 3, &min, &max);
  params = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (min, >, 0);
  g_assert_cmpfloat (max - min, <, 255);
  g_assert_cmpfloat (params->min, ==, min);
  g_assert_cmpfloat (params->max, ==, max);
  g_assert_cmpfloat (params->gamma, ==, 1.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (min_spin (panel)), ==, min);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, max);

  /* with the histogram of the stack shown: the stack's range */
  gtk_toggle_button_set_active (toggle_button (panel, "Stack"), TRUE);
  g_assert_true (wait_for (shows_channel_histogram, panel));
  sc_display_panel_reset_range (SC_DISPLAY_PANEL (panel));
  plane_data_range (G_MAXUINT, 3, &min, &max);
  params = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (params->min, ==, min);
  g_assert_cmpfloat (params->max, ==, max);

  g_object_unref (panel);
}

static gboolean
range_is_plane_data (gpointer state)
{
  const ScRenderParams *params = sc_view_state_get_params (state, 0);
  double min, max;

  plane_data_range (sc_view_state_get_plane_index (state, 0), 3, &min, &max);
  return params->min == min && params->max == max;
}

/* Reset before the plane's histogram is there: the data's range once it comes. */
static void
test_reset_before_histogram (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());

  sc_view_state_set_range (state, 0, 50, 60);
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  sc_display_panel_reset_range (SC_DISPLAY_PANEL (panel));
  g_assert_true (wait_for (has_histogram, panel));
  g_assert_true (wait_for (range_is_plane_data, state));

  g_object_unref (panel);
}

static ScHistogramView *
histogram_view (GtkWidget *panel)
{
  return SC_HISTOGRAM_VIEW (find (panel, SC_TYPE_HISTOGRAM_VIEW, 0));
}

/* The curve drawn in the histogram is the image's mapping: gamma and log bend it. */
static void
test_transfer_curve (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  ScHistogramView *view;
  const ScRenderParams *params;

  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  view = histogram_view (panel);
  sc_view_state_set_range (state, 0, 0, 200);

  /* linear: a straight line from the lower handle to the upper one */
  g_assert_cmpfloat_with_epsilon (sc_histogram_view_get_curve_at (view, 100), 0.5, 1e-9);
  g_assert_cmpfloat (sc_histogram_view_get_curve_at (view, -5), ==, 0);
  g_assert_cmpfloat (sc_histogram_view_get_curve_at (view, 250), ==, 1);

  sc_view_state_set_gamma (state, 0, 2.0);
  g_assert_cmpfloat_with_epsilon (sc_histogram_view_get_curve_at (view, 100), 0.25, 1e-9);
  sc_view_state_set_gamma (state, 0, 0.5);
  g_assert_cmpfloat_with_epsilon (sc_histogram_view_get_curve_at (view, 100), sqrt (0.5), 1e-9);

  sc_view_state_set_gamma (state, 0, 1.0);
  sc_view_state_set_log_scale (state, 0, TRUE);
  g_assert_cmpfloat (sc_histogram_view_get_curve_at (view, 20), >, 0.3);

  /* and it is the image's mapping, up to the image's 256 steps */
  sc_view_state_set_gamma (state, 0, 1.7);
  params = sc_view_state_get_params (state, 0);
  for (double v = 0; v <= 200; v += 12.5)
    {
      double curve = sc_histogram_view_get_curve_at (view, v);
      double image = sc_render_map_value (params, v) / 256.0;

      g_assert_cmpfloat (curve, >=, image - 1e-9);
      g_assert_cmpfloat (curve, <, image + 1.0 / 256 + 1e-9);
    }

  /* a view state bound anew brings its own */
  {
    g_autoptr(ScViewState) other = sc_view_state_new (stack);

    sc_view_state_set_range (other, 0, 0, 200);
    sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), other);
    g_assert_cmpfloat_with_epsilon (sc_histogram_view_get_curve_at (view, 100), 0.5, 1e-9);
    sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), NULL);
  }

  g_object_unref (panel);
}

static void
test_switch_channel (void)
{
  g_autoptr(ScStack) stack = make_stack (2, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  GtkDropDown *channels;
  GtkWidget *colormap;

  sc_view_state_set_range (state, 0, 1, 100);
  sc_view_state_set_range (state, 1, 5, 50);
  sc_view_state_set_colormap (state, 1, SC_COLORMAP_MAGMA);
  sc_view_state_set_colormap (state, 0, SC_COLORMAP_GRAY);
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);

  channels = GTK_DROP_DOWN (find (panel, GTK_TYPE_DROP_DOWN, 0));
  colormap = find (panel, SC_TYPE_COLORMAP_BUTTON, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (channels)), ==, 2);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (channels)))));
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 100);

  sc_view_state_set_channel (state, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (channels), ==, 1);
  g_assert_cmpfloat (gtk_spin_button_get_value (min_spin (panel)), ==, 5);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 50);
  g_assert_cmpuint (sc_colormap_button_get_colormap (SC_COLORMAP_BUTTON (colormap)), ==, SC_COLORMAP_MAGMA);
  /* filling the controls for channel 1 left channel 0 as it was */
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->max, ==, 100);
  g_assert_cmpuint (sc_view_state_get_params (state, 0)->colormap, ==, SC_COLORMAP_GRAY);

  /* and the other way: the drop-down chooses the channel */
  gtk_drop_down_set_selected (channels, 0);
  g_assert_cmpuint (sc_view_state_get_channel (state), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 100);
  g_assert_cmpuint (sc_colormap_button_get_colormap (SC_COLORMAP_BUTTON (colormap)), ==, SC_COLORMAP_GRAY);
  g_assert_cmpuint (sc_view_state_get_params (state, 1)->colormap, ==, SC_COLORMAP_MAGMA);

  g_object_unref (panel);
}

static void
test_composite_switch (void)
{
  g_autoptr(ScStack) one = make_stack (1, 3, 1);
  g_autoptr(ScStack) two = make_stack (2, 3, 1);
  g_autoptr(ScViewState) single = sc_view_state_new (one);
  g_autoptr(ScViewState) multi = sc_view_state_new (two);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  GtkWidget *composite = find (panel, GTK_TYPE_SWITCH, 0);

  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), single);
  g_assert_false (gtk_widget_get_sensitive (composite));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (composite)));

  sc_view_state_set_composite (multi, FALSE);
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), multi);
  g_assert_true (gtk_widget_get_sensitive (composite));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (composite)));
  gtk_switch_set_active (GTK_SWITCH (composite), TRUE);
  g_assert_true (sc_view_state_get_composite (multi));
  sc_view_state_set_composite (multi, FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (composite)));

  g_object_unref (panel);
}

/* Three 8-bit channels, the second named by its "file". */
static ScStack *
make_named_stack (void)
{
  gsize n = (gsize) W * H * 3;
  guint8 *data = g_malloc (n);
  g_autoptr(ScSource) source = NULL;

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) (10 + (i * 7) % 200);
  source = sc_memory_source_new (W, H, 3, 1, 1, SC_SAMPLE_U8, 1, g_bytes_new_take (data, n));
  sc_stack_info_get_channel_display (sc_source_get_info (source), 1)->name = g_strdup ("DAPI");
  return sc_stack_new_for_source (source, "named");
}

static const char *
dropdown_item (GtkDropDown *dropdown,
               guint        i)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)), i);
}

/* The channel check buttons: named as the file names the channels, bound to their
 * visibility, acting in a composite only, and never hiding the last channel shown. */
static void
test_channel_list (void)
{
  g_autoptr(ScStack) stack = make_named_stack ();
  g_autoptr(ScStack) one = make_stack (1, 1, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewState) single = sc_view_state_new (one);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  GtkDropDown *channels = GTK_DROP_DOWN (find (panel, GTK_TYPE_DROP_DOWN, 0));
  GtkWidget *list = find (panel, SC_TYPE_CHANNEL_LIST, 0);
  GtkCheckButton *check[3];

  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  g_assert_true (sc_view_state_get_composite (state));
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_cmpstr (dropdown_item (channels, 0), ==, "Channel 1");
  g_assert_cmpstr (dropdown_item (channels, 1), ==, "2: DAPI");
  g_assert_cmpstr (dropdown_item (channels, 2), ==, "Channel 3");
  for (guint c = 0; c < 3; c++)
    {
      check[c] = GTK_CHECK_BUTTON (find (list, GTK_TYPE_CHECK_BUTTON, c));
      g_assert_true (gtk_check_button_get_active (check[c]));
      g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (check[c])));
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (check[c])));
      g_assert_cmpstr (gtk_check_button_get_label (check[c]), ==, dropdown_item (channels, c));
    }

  gtk_check_button_set_active (check[1], FALSE);
  g_assert_false (sc_view_state_get_visible (state, 1));
  gtk_check_button_set_active (check[0], FALSE);
  g_assert_false (sc_view_state_get_visible (state, 0));
  /* channel 3 is the last one shown: it stays */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (check[2])));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (check[0])));

  /* the view state's changes show */
  sc_view_state_set_visible (state, 1, TRUE);
  g_assert_true (gtk_check_button_get_active (check[1]));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (check[2])));
  /* one channel at a time: nothing to choose */
  sc_view_state_set_composite (state, FALSE);
  for (guint c = 0; c < 3; c++)
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (check[c])));
  sc_view_state_set_composite (state, TRUE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (check[1])));

  /* a single channel has no list */
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), single);
  g_assert_false (gtk_widget_get_visible (list));
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (find (list, GTK_TYPE_CHECK_BUTTON, 0))));

  g_object_unref (panel);
}

/* What one click does is one undo step: Reset, Auto, and choosing Labels (which also
 * takes the data's whole range). */
static void
test_undo_steps (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewHistory) history = sc_view_history_new (state);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  ScColormapButton *colormap;
  const ScHistogram *hist;
  const ScRenderParams *p;

  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  g_assert_true (wait_for (has_histogram, panel));
  hist = sc_display_panel_get_histogram (SC_DISPLAY_PANEL (panel));
  colormap = SC_COLORMAP_BUTTON (find (panel, SC_TYPE_COLORMAP_BUTTON, 0));
  sc_view_state_set_gamma (state, 0, 2.0);
  sc_view_state_set_log_scale (state, 0, TRUE);
  sc_view_history_clear (history);

  sc_display_panel_reset_range (SC_DISPLAY_PANEL (panel));
  p = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (p->gamma, ==, 1.0);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 1);
  g_assert_true (sc_view_history_undo (history));
  p = sc_view_state_get_params (state, 0);
  g_assert_cmpfloat (p->gamma, ==, 2.0);
  g_assert_true (p->log_scale);
  g_assert_cmpfloat (p->max, ==, 255);
  g_assert_true (gtk_toggle_button_get_active (log_button (panel)));

  sc_display_panel_auto_contrast (SC_DISPLAY_PANEL (panel));
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 1);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->max, <, 255);
  g_assert_true (sc_view_history_undo (history));
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->max, ==, 255);

  sc_colormap_button_set_colormap (colormap, SC_COLORMAP_LABELS);
  p = sc_view_state_get_params (state, 0);
  g_assert_cmpint (p->colormap, ==, SC_COLORMAP_LABELS);
  g_assert_cmpfloat (p->min, ==, hist->data_min);
  g_assert_cmpfloat (p->max, ==, hist->data_max);
  g_assert_cmpuint (sc_view_history_get_n_steps (history), ==, 1);
  g_assert_true (sc_view_history_undo (history));
  p = sc_view_state_get_params (state, 0);
  g_assert_cmpint (p->colormap, ==, SC_COLORMAP_GRAY);
  g_assert_cmpfloat (p->max, ==, 255);
  g_assert_cmpuint (sc_colormap_button_get_colormap (colormap), ==, SC_COLORMAP_GRAY);
  g_assert_true (sc_view_history_redo (history));
  g_assert_cmpuint (sc_colormap_button_get_colormap (colormap), ==, SC_COLORMAP_LABELS);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->max, ==, hist->data_max);

  g_object_unref (panel);
}

static void
test_rebind (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) first = sc_view_state_new (stack);
  g_autoptr(ScViewState) second = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  guint notifies = 0;

  g_signal_connect (panel, "notify::view-state", G_CALLBACK (count_notify_cb), &notifies);
  sc_view_state_set_range (first, 0, 10, 100);
  sc_view_state_set_range (second, 0, 20, 200);
  sc_view_state_set_colormap (first, 0, SC_COLORMAP_FIRE);

  g_object_set (panel, "view-state", first, NULL);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 100);
  g_object_set (panel, "view-state", second, NULL);
  g_assert_cmpfloat (gtk_spin_button_get_value (min_spin (panel)), ==, 20);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 200);
  g_object_set (panel, "view-state", second, NULL);
  g_assert_cmpuint (notifies, ==, 2);

  /* binding the second and working on it left the first as it was */
  gtk_spin_button_set_value (max_spin (panel), 150);
  g_assert_cmpfloat (sc_view_state_get_params (second, 0)->max, ==, 150);
  g_assert_cmpfloat (sc_view_state_get_params (first, 0)->min, ==, 10);
  g_assert_cmpfloat (sc_view_state_get_params (first, 0)->max, ==, 100);
  g_assert_cmpuint (sc_view_state_get_params (first, 0)->colormap, ==, SC_COLORMAP_FIRE);
  g_assert_cmpuint (sc_view_state_get_params (second, 0)->colormap, ==, SC_COLORMAP_GRAY);

  /* and the first no longer moves the controls */
  sc_view_state_set_range (first, 0, 1, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_spin (panel)), ==, 150);

  /* unbound: the controls are insensitive and touch nothing */
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), NULL);
  g_assert_cmpuint (notifies, ==, 3);
  gtk_spin_button_set_value (max_spin (panel), 99);
  g_assert_cmpfloat (sc_view_state_get_params (second, 0)->max, ==, 150);

  g_object_unref (panel);
}

static void
test_no_storms (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 3, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_display_panel_new ());
  GtkAdjustment *min_adj, *max_adj;
  GtkWidget *histogram;
  guint display = 0, channel = 0, min_changes = 0, max_changes = 0, lower = 0;

  sc_view_state_set_range (state, 0, 10, 200);
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  wait_for (has_histogram, panel);

  min_adj = gtk_spin_button_get_adjustment (min_spin (panel));
  max_adj = gtk_spin_button_get_adjustment (max_spin (panel));
  histogram = find (panel, SC_TYPE_HISTOGRAM_VIEW, 0);
  g_signal_connect (state, "display-changed", G_CALLBACK (count_cb), &display);
  g_signal_connect (state, "channel-changed", G_CALLBACK (count_uint_cb), &channel);
  g_signal_connect (min_adj, "value-changed", G_CALLBACK (count_cb), &min_changes);
  g_signal_connect (max_adj, "value-changed", G_CALLBACK (count_cb), &max_changes);
  g_signal_connect (histogram, "notify::lower", G_CALLBACK (count_notify_cb), &lower);

  /* one control moved: one change of the view state */
  gtk_spin_button_set_value (min_spin (panel), 40);
  g_assert_cmpuint (display, ==, 1);
  g_assert_cmpuint (channel, ==, 1);
  g_assert_cmpuint (min_changes, ==, 1);
  g_assert_cmpuint (max_changes, ==, 0);
  g_assert_cmpuint (lower, ==, 1);

  /* one change of the view state: each control moves once */
  display = channel = min_changes = max_changes = lower = 0;
  sc_view_state_set_range (state, 0, 50, 150);
  g_assert_cmpuint (display, ==, 1);
  g_assert_cmpuint (channel, ==, 1);
  g_assert_cmpuint (min_changes, ==, 1);
  g_assert_cmpuint (max_changes, ==, 1);
  g_assert_cmpuint (lower, ==, 1);

  /* the histogram's handles: one change for the pair */
  display = 0;
  g_object_set (histogram, "lower", 60.0, NULL);
  g_assert_cmpuint (display, ==, 1);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->min, ==, 60);
  g_assert_cmpfloat (gtk_spin_button_get_value (min_spin (panel)), ==, 60);
  display = 0;
  sc_histogram_view_set_range (SC_HISTOGRAM_VIEW (histogram), 70, 160);
  g_assert_cmpuint (display, ==, 1);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->min, ==, 70);
  g_assert_cmpfloat (sc_view_state_get_params (state, 0)->max, ==, 160);

  /* re-binding the same state changes nothing */
  display = 0;
  sc_display_panel_set_view_state (SC_DISPLAY_PANEL (panel), state);
  g_assert_cmpuint (display, ==, 0);

  g_object_unref (panel);
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t r;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &r));
  return r;
}

/* Too narrow for one row, the bar puts T under Z, both sliders as wide as they ask; with
 * room, one row. Its labels keep their width from plane to plane. */
static void
test_navigation_narrow (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 12, 10);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bar = sc_navigation_bar_new ();
  GtkWidget *z_scale, *t_scale, *z_label;
  int min_w, nat_w, one_row_h, two_row_h, scale_min, label_w;
  graphene_rect_t z, t;

  gtk_window_set_child (GTK_WINDOW (window), bar);
  sc_navigation_bar_set_view_state (SC_NAVIGATION_BAR (bar), state);
  z_scale = find (bar, GTK_TYPE_SCALE, 0);
  t_scale = find (bar, GTK_TYPE_SCALE, 1);
  z_label = find (bar, GTK_TYPE_INSCRIPTION, 0);
  gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, nat_w, &one_row_h, NULL, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, min_w, &two_row_h, NULL, NULL, NULL);
  gtk_widget_measure (z_scale, GTK_ORIENTATION_HORIZONTAL, -1, &scale_min, NULL, NULL, NULL);
  g_test_message ("bar %d..%d wide, %d or %d high", min_w, nat_w, one_row_h, two_row_h);
  g_assert_cmpint (scale_min, >=, 140);
  g_assert_cmpint (min_w, <, nat_w);
  g_assert_cmpint (two_row_h, >, one_row_h);

  gtk_widget_size_allocate (bar, &(GtkAllocation) { 0, 0, min_w, two_row_h }, -1);
  z = bounds_in (z_scale, bar);
  t = bounds_in (t_scale, bar);
  g_assert_cmpfloat (z.size.width, >=, scale_min);
  g_assert_cmpfloat (t.size.width, ==, z.size.width);
  g_assert_cmpfloat (t.origin.x, ==, z.origin.x);
  g_assert_cmpfloat (t.origin.y, >=, z.origin.y + z.size.height);

  gtk_widget_size_allocate (bar, &(GtkAllocation) { 0, 0, nat_w, one_row_h }, -1);
  z = bounds_in (z_scale, bar);
  t = bounds_in (t_scale, bar);
  g_assert_cmpfloat (t.origin.x, >, z.origin.x + z.size.width);
  g_assert_cmpfloat (t.origin.y, <, z.origin.y + z.size.height);

  label_w = gtk_widget_get_width (z_label);
  sc_view_state_set_slice (state, 11);
  gtk_widget_size_allocate (bar, &(GtkAllocation) { 0, 0, nat_w, one_row_h }, -1);
  g_assert_cmpint (gtk_widget_get_width (z_label), ==, label_w);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_navigation (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 5, 1);
  g_autoptr(ScStack) flat = make_stack (1, 1, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewState) single = sc_view_state_new (flat);
  GtkWidget *bar = g_object_ref_sink (sc_navigation_bar_new ());
  GtkRange *z_scale;
  GtkInscription *z_label;
  guint start;

  sc_view_state_set_slice (state, 1);
  sc_navigation_bar_set_view_state (SC_NAVIGATION_BAR (bar), state);
  g_assert_true (gtk_widget_get_visible (bar));
  z_scale = GTK_RANGE (find (bar, GTK_TYPE_SCALE, 0));
  z_label = GTK_INSCRIPTION (find (bar, GTK_TYPE_INSCRIPTION, 0));
  g_assert_cmpfloat (gtk_range_get_value (z_scale), ==, 2);
  g_assert_cmpstr (gtk_inscription_get_text (z_label), ==, "z 2/5");

  sc_view_state_set_slice (state, 3);
  g_assert_cmpfloat (gtk_range_get_value (z_scale), ==, 4);
  g_assert_cmpstr (gtk_inscription_get_text (z_label), ==, "z 4/5");
  gtk_range_set_value (z_scale, 5);
  g_assert_cmpuint (sc_view_state_get_slice (state), ==, 4);
  g_assert_cmpstr (gtk_inscription_get_text (z_label), ==, "z 5/5");

  /* playback steps through Z and wraps */
  sc_navigation_bar_set_rate (SC_NAVIGATION_BAR (bar), 60);
  g_assert_cmpfloat (sc_navigation_bar_get_rate (SC_NAVIGATION_BAR (bar)), ==, 60);
  start = sc_view_state_get_slice (state);
  sc_navigation_bar_toggle_play (SC_NAVIGATION_BAR (bar));
  g_assert_true (sc_navigation_bar_get_playing (SC_NAVIGATION_BAR (bar)));
  while (sc_view_state_get_slice (state) == start)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (sc_view_state_get_slice (state), ==, 0);

  /* another view state stops it; a single plane cannot play */
  sc_navigation_bar_set_view_state (SC_NAVIGATION_BAR (bar), single);
  g_assert_false (sc_navigation_bar_get_playing (SC_NAVIGATION_BAR (bar)));
  g_assert_false (gtk_widget_get_visible (bar));
  sc_navigation_bar_set_playing (SC_NAVIGATION_BAR (bar), TRUE);
  g_assert_false (sc_navigation_bar_get_playing (SC_NAVIGATION_BAR (bar)));
  g_assert_cmpuint (sc_view_state_get_slice (state), ==, 0);

  g_object_unref (bar);
}

static gboolean
title_starts_with_z_profile_at (gpointer label)
{
  return g_str_has_prefix (gtk_label_get_label (label), "Z Profile at ");
}

static void
test_profile (void)
{
  g_autoptr(ScStack) stack = make_stack (1, 5, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *panel = g_object_ref_sink (sc_profile_panel_new ());
  GtkLabel *title = GTK_LABEL (find (panel, GTK_TYPE_LABEL, 0));
  guint x, y;

  sc_profile_panel_set_view_state (SC_PROFILE_PANEL (panel), state);
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Z Profile");
  g_assert_false (sc_profile_panel_get_pixel (SC_PROFILE_PANEL (panel), NULL, NULL));

  sc_profile_panel_show_pixel (SC_PROFILE_PANEL (panel), 3, 2);
  g_assert_true (sc_profile_panel_get_pixel (SC_PROFILE_PANEL (panel), &x, &y));
  g_assert_cmpuint (x, ==, 3);
  g_assert_cmpuint (y, ==, 2);
  g_assert_true (wait_for (title_starts_with_z_profile_at, title));
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Z Profile at 3, 2");

  sc_profile_panel_show_pixel (SC_PROFILE_PANEL (panel), -1, -1);
  g_assert_false (sc_profile_panel_get_pixel (SC_PROFILE_PANEL (panel), NULL, NULL));
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Z Profile");

  g_object_unref (panel);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* All three shown in a window, drawn, and the window closed while histograms and a
 * profile are on their way. */
static void
test_in_window (void)
{
  g_autoptr(ScStack) stack = make_stack (2, 4, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *panel = sc_display_panel_new ();
  GtkWidget *bar = sc_navigation_bar_new ();
  GtkWidget *profile = sc_profile_panel_new ();

  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), panel);
  gtk_box_append (GTK_BOX (box), profile);
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_object_set (panel, "view-state", state, NULL);
  g_object_set (bar, "view-state", state, NULL);
  g_object_set (profile, "view-state", state, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, panel));
  g_assert_true (wait_for (has_histogram, panel));
  g_assert_true (gtk_widget_get_mapped (bar));
  g_assert_true (gtk_widget_get_mapped (profile));

  sc_view_state_set_slice (state, 2);
  sc_profile_panel_show_pixel (SC_PROFILE_PANEL (profile), 1, 1);
  gtk_toggle_button_set_active (toggle_button (panel, "Stack"), TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      /* a TAP plan of nothing, skipped */
      g_print ("1..0 # SKIP no display to open (run under Xvfb: meson test --suite gui)\n");
      return 0;
    }

  g_test_add_func ("/gui/display-panel/range-to-spins", test_range_to_spins);
  g_test_add_func ("/gui/display-panel/spins-to-range", test_spins_to_range);
  g_test_add_func ("/gui/display-panel/auto-contrast", test_auto_contrast);
  g_test_add_func ("/gui/display-panel/stack-histogram", test_stack_histogram);
  g_test_add_func ("/gui/display-panel/reset-data-range", test_reset_data_range);
  g_test_add_func ("/gui/display-panel/reset-before-histogram", test_reset_before_histogram);
  g_test_add_func ("/gui/display-panel/transfer-curve", test_transfer_curve);
  g_test_add_func ("/gui/display-panel/switch-channel", test_switch_channel);
  g_test_add_func ("/gui/display-panel/composite-switch", test_composite_switch);
  g_test_add_func ("/gui/display-panel/channel-list", test_channel_list);
  g_test_add_func ("/gui/display-panel/undo-steps", test_undo_steps);
  g_test_add_func ("/gui/display-panel/rebind", test_rebind);
  g_test_add_func ("/gui/display-panel/no-storms", test_no_storms);
  g_test_add_func ("/gui/navigation-bar/slider-and-play", test_navigation);
  g_test_add_func ("/gui/navigation-bar/narrow", test_navigation_narrow);
  g_test_add_func ("/gui/profile-panel/pixel", test_profile);
  g_test_add_func ("/gui/widgets/in-window", test_in_window);

  return g_test_run ();
}
