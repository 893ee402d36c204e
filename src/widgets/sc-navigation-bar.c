/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-navigation-bar"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-navigation-bar.h"
#include "sc-slab-controls.h"

struct _ScNavigationBar
{
  GtkWidget      parent_instance;

  ScViewState   *view_state;
  GSignalGroup  *signals;
  GBindingGroup *bindings;
  guint          play_source;

  /* template children */
  GtkButton      *play_button;
  GtkWidget      *z_box;
  GtkInscription *z_label;
  GtkAdjustment  *z_adjustment;
  ScSlabControls *slab_controls;
  GtkWidget      *t_box;
  GtkInscription *t_label;
  GtkAdjustment  *t_adjustment;
  GtkWidget      *rate_spin;
  GtkWidget      *fps_label;
  GtkAdjustment  *rate_adjustment;
};

/* between the children, as the toolbar style spaces buttons */
#define SPACING 6

enum {
  PROP_0,
  PROP_VIEW_STATE,
  PROP_PLAYING,
  PROP_RATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScNavigationBar, sc_navigation_bar, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static gboolean
can_play (ScNavigationBar *self)
{
  ScStack *stack;

  if (self->view_state == NULL)
    return FALSE;
  stack = sc_view_state_get_stack (self->view_state);
  return sc_stack_get_n_slices (stack) * sc_stack_get_n_frames (stack) > 1;
}

static char *
format_z (ScStack *stack,
          guint    z)
{
  const ScCalibration *cal = sc_stack_get_calibration (stack);
  const char *unit = sc_calibration_unit_symbol (cal->unit);
  guint nz = sc_stack_get_n_slices (stack);

  if (cal->pixel_depth > 0 && unit)
    return g_strdup_printf ("z %u/%u · %.2f %s", z + 1, nz, z * cal->pixel_depth, unit);
  return g_strdup_printf ("z %u/%u", z + 1, nz);
}

static char *
format_t (ScStack *stack,
          guint    t)
{
  const ScCalibration *cal = sc_stack_get_calibration (stack);
  guint nt = sc_stack_get_n_frames (stack);

  if (cal->frame_interval > 0)
    return g_strdup_printf ("t %u/%u · %.4g %s", t + 1, nt, t * cal->frame_interval,
                            cal->time_unit ? cal->time_unit : "s");
  return g_strdup_printf ("t %u/%u", t + 1, nt);
}

/* An inscription (not a label) keeps its width while the text changes, so that the slider
 * beside it does not move under the pointer: wide enough for the last plane's text, and
 * at least for "z 17/32" where the bar is tight. It is read out by its text. */
static void
set_label (GtkInscription *label,
           const char     *text)
{
  gtk_inscription_set_text (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
size_labels (GtkInscription *label,
             const char     *widest,
             guint           n)
{
  g_autofree char *position = g_strdup_printf ("z %u/%u", n, n);

  gtk_inscription_set_min_chars (label, (guint) strlen (position) + 1);
  gtk_inscription_set_nat_chars (label, (guint) g_utf8_strlen (widest, -1) + 1);
}

static void
update_labels (ScNavigationBar *self)
{
  ScStack *stack;
  g_autofree char *z_text = NULL;
  g_autofree char *t_text = NULL;

  if (self->view_state == NULL)
    return;

  stack = sc_view_state_get_stack (self->view_state);
  z_text = format_z (stack, sc_view_state_get_slice (self->view_state));
  t_text = format_t (stack, sc_view_state_get_frame (self->view_state));
  set_label (self->z_label, z_text);
  set_label (self->t_label, t_text);
}

/* Slider positions are 1-based, the view state's 0-based. */
static gboolean
index_to_position (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      data)
{
  g_value_set_double (to, g_value_get_uint (from) + 1.0);
  return TRUE;
}

static gboolean
position_to_index (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      data)
{
  double v = round (g_value_get_double (from));

  g_value_set_uint (to, v >= 1 ? (guint) v - 1 : 0);
  return TRUE;
}

/* Playback */

static gboolean
play_tick (gpointer data)
{
  ScNavigationBar *self = data;
  ScStack *stack = sc_view_state_get_stack (self->view_state);
  guint nz = sc_stack_get_n_slices (stack);
  guint nt = sc_stack_get_n_frames (stack);

  /* time series play through time, Z stacks through Z */
  if (nt > 1)
    sc_view_state_set_frame (self->view_state, (sc_view_state_get_frame (self->view_state) + 1) % nt);
  else
    sc_view_state_set_slice (self->view_state, (sc_view_state_get_slice (self->view_state) + 1) % nz);

  return G_SOURCE_CONTINUE;
}

static void
start_timer (ScNavigationBar *self)
{
  double rate = gtk_adjustment_get_value (self->rate_adjustment);

  g_clear_handle_id (&self->play_source, g_source_remove);
  self->play_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE,
                                          (guint) (1000 / MAX (rate, 0.5)),
                                          play_tick, self, NULL);
}

static void
update_play_button (ScNavigationBar *self)
{
  gboolean playing = self->play_source != 0;

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-stop-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Stop (Space)") : _("Play Through the Planes (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, playing ? _("Stop") : _("Play"),
                                  -1);
}

static void
rate_changed_cb (ScNavigationBar *self)
{
  if (self->play_source != 0)
    start_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

static void
toggle_play_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  sc_navigation_bar_toggle_play (SC_NAVIGATION_BAR (widget));
}

/* Layout: one row (play, Z, T, rate) where it fits; else two, T under Z, so that each
 * slider keeps its minimum width in a narrow window. */

typedef struct {
  GtkWidget *widget;
  int        min, nat;
} Item;

/* the visible children in row order, measured across; TRUE where Z and T both show */
static gboolean
measure_items (ScNavigationBar *self,
               Item            *items,
               guint           *n_items)
{
  GtkWidget *order[] = { GTK_WIDGET (self->play_button), self->z_box,
                         GTK_WIDGET (self->slab_controls), self->t_box, self->rate_spin,
                         self->fps_label };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (gtk_widget_should_layout (order[i]))
      {
        items[n].widget = order[i];
        gtk_widget_measure (order[i], GTK_ORIENTATION_HORIZONTAL, -1,
                            &items[n].min, &items[n].nat, NULL, NULL);
        n++;
      }
  *n_items = n;
  return gtk_widget_should_layout (self->z_box) && gtk_widget_should_layout (self->t_box);
}

static int
row_width (const Item *items,
           guint       n,
           gboolean    natural)
{
  int w = 0;

  for (guint i = 0; i < n; i++)
    w += (natural ? items[i].nat : items[i].min) + (i > 0 ? SPACING : 0);
  return w;
}

/* the narrowest two rows: Z and T as wide as the wider of them, the slab controls after T */
static int
two_row_width (ScNavigationBar *self,
               const Item      *items,
               guint            n)
{
  int zt = 0, others = 0, slab = 0;
  guint n_others = 0;

  for (guint i = 0; i < n; i++)
    if (items[i].widget == self->z_box || items[i].widget == self->t_box)
      zt = MAX (zt, items[i].min);
    else if (items[i].widget == GTK_WIDGET (self->slab_controls))
      slab = items[i].min + SPACING;
    else
      {
        others += items[i].min;
        n_others++;
      }
  return zt + MAX (others + SPACING * n_others, slab);
}

static gboolean
wants_two_rows (ScNavigationBar *self,
                int              width)
{
  Item items[6];
  guint n;
  gboolean both = measure_items (self, items, &n);

  return both && width >= 0 && width < row_width (items, n, FALSE);
}

static int
height_of (GtkWidget *widget,
           gboolean   natural)
{
  int min = 0, nat = 0;

  if (!gtk_widget_should_layout (widget))
    return 0;
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  return natural ? nat : min;
}

static GtkSizeRequestMode
sc_navigation_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sc_navigation_bar_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  ScNavigationBar *self = SC_NAVIGATION_BAR (widget);
  Item items[6];
  guint n;
  gboolean both = measure_items (self, items, &n);
  GtkWidget *slab = GTK_WIDGET (self->slab_controls);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = both ? two_row_width (self, items, n) : row_width (items, n, FALSE);
      *natural = row_width (items, n, TRUE);
      return;
    }
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean nat = pass == 1;
      int row = 0;

      for (guint i = 0; i < n; i++)
        if ((items[i].widget != self->t_box && items[i].widget != slab) ||
            !wants_two_rows (self, for_size))
          row = MAX (row, height_of (items[i].widget, nat));
      if (wants_two_rows (self, for_size))
        row += SPACING + MAX (height_of (self->t_box, nat), height_of (slab, nat));
      *(nat ? natural : minimum) = row;
    }
}

static void
place (GtkWidget *child,
       int        x,
       int        y,
       int        width,
       int        row_height)
{
  int h = MIN (height_of (child, TRUE), row_height);

  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y + (row_height - h) / 2, width, h }, -1);
}

static void
allocate_one_row (ScNavigationBar *self,
                  Item            *items,
                  guint            n,
                  int              width,
                  int              height)
{
  GtkRequestedSize sizes[6];
  int extra = width - row_width (items, n, FALSE);
  int n_expand = 0, x = 0;

  for (guint i = 0; i < n; i++)
    {
      sizes[i] = (GtkRequestedSize) { items[i].widget, items[i].min, items[i].nat };
      n_expand += gtk_widget_compute_expand (items[i].widget, GTK_ORIENTATION_HORIZONTAL);
    }
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), n, sizes);
  for (guint i = 0; i < n; i++)
    {
      int w = sizes[i].minimum_size;

      if (n_expand > 0 && gtk_widget_compute_expand (items[i].widget, GTK_ORIENTATION_HORIZONTAL))
        {
          int share = extra / n_expand--;

          w += share;
          extra -= share;
        }
      place (items[i].widget, x, 0, w, height);
      x += w + SPACING;
    }
}

static void
sc_navigation_bar_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  ScNavigationBar *self = SC_NAVIGATION_BAR (widget);
  GtkWidget *slab = GTK_WIDGET (self->slab_controls);
  Item items[6];
  guint n;
  int fixed = 0, zt_min = 0, row1, zt_x = 0, zt_w, x;
  gboolean natural;

  measure_items (self, items, &n);
  if (!wants_two_rows (self, width))
    {
      allocate_one_row (self, items, n, width, height);
      return;
    }

  /* two rows: play, Z, rate and fps, then T under Z as wide and the slab controls after
   * it; the others at their natural width where that leaves Z and T theirs */
  row1 = 0;
  for (guint i = 0; i < n; i++)
    if (items[i].widget != self->t_box && items[i].widget != slab)
      row1 = MAX (row1, height_of (items[i].widget, TRUE));
  row1 = MIN (row1, height);
  for (guint i = 0; i < n; i++)
    if (items[i].widget == self->z_box || items[i].widget == self->t_box)
      zt_min = MAX (zt_min, items[i].min);
    else if (items[i].widget != slab)
      fixed += items[i].nat + SPACING;
  natural = width - fixed >= zt_min;
  if (!natural)
    fixed = two_row_width (self, items, n) - zt_min;
  zt_w = MAX (width - fixed, zt_min);

  x = 0;
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *child = items[i].widget;

      if (child == self->t_box || child == slab)
        continue;
      if (child == self->z_box)
        {
          zt_x = x;
          place (child, x, 0, zt_w, row1);
          x += zt_w + SPACING;
          continue;
        }
      place (child, x, 0, natural ? items[i].nat : items[i].min, row1);
      x += (natural ? items[i].nat : items[i].min) + SPACING;
    }
  place (self->t_box, zt_x, row1 + SPACING, zt_w, MAX (height - row1 - SPACING, 0));
  if (gtk_widget_should_layout (slab))
    {
      int min;

      x = zt_x + zt_w + SPACING;
      gtk_widget_measure (slab, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      place (slab, x, row1 + SPACING, MAX (min, width - x), MAX (height - row1 - SPACING, 0));
    }
}

/* GObject */

static void
sc_navigation_bar_dispose (GObject *object)
{
  ScNavigationBar *self = SC_NAVIGATION_BAR (object);

  g_clear_handle_id (&self->play_source, g_source_remove);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->bindings);
  g_clear_object (&self->view_state);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_NAVIGATION_BAR);

  G_OBJECT_CLASS (sc_navigation_bar_parent_class)->dispose (object);
}

static void
sc_navigation_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScNavigationBar *self = SC_NAVIGATION_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, sc_navigation_bar_get_playing (self));
      break;
    case PROP_RATE:
      g_value_set_double (value, sc_navigation_bar_get_rate (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_navigation_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ScNavigationBar *self = SC_NAVIGATION_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      sc_navigation_bar_set_view_state (self, g_value_get_object (value));
      break;
    case PROP_PLAYING:
      sc_navigation_bar_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_RATE:
      sc_navigation_bar_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_navigation_bar_class_init (ScNavigationBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_navigation_bar_dispose;
  object_class->get_property = sc_navigation_bar_get_property;
  object_class->set_property = sc_navigation_bar_set_property;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SC_TYPE_VIEW_STATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0.5, 60, 10,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_SLAB_CONTROLS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stackscope/Stackscope/sc-navigation-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, slab_controls);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, z_box);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, z_label);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, z_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, t_box);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, t_label);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, t_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, fps_label);
  gtk_widget_class_bind_template_child (widget_class, ScNavigationBar, rate_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, rate_changed_cb);

  gtk_widget_class_install_action (widget_class, "navigation.toggle-play", NULL,
                                   toggle_play_action);

  widget_class->get_request_mode = sc_navigation_bar_get_request_mode;
  widget_class->measure = sc_navigation_bar_measure;
  widget_class->size_allocate = sc_navigation_bar_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "navigationbar");
}

static void
sc_navigation_bar_init (ScNavigationBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->bindings, "slice", self->z_adjustment, "value",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             index_to_position, position_to_index, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "frame", self->t_adjustment, "value",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             index_to_position, position_to_index, NULL, NULL);

  self->signals = g_signal_group_new (SC_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->signals, "notify::slice",
                                 G_CALLBACK (update_labels), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::frame",
                                 G_CALLBACK (update_labels), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "navigation.toggle-play", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sc_navigation_bar_new (void)
{
  return g_object_new (SC_TYPE_NAVIGATION_BAR, NULL);
}

ScSlabControls *
sc_navigation_bar_get_slab_controls (ScNavigationBar *self)
{
  g_return_val_if_fail (SC_IS_NAVIGATION_BAR (self), NULL);
  return self->slab_controls;
}

ScViewState *
sc_navigation_bar_get_view_state (ScNavigationBar *self)
{
  g_return_val_if_fail (SC_IS_NAVIGATION_BAR (self), NULL);
  return self->view_state;
}

void
sc_navigation_bar_set_view_state (ScNavigationBar *self,
                                  ScViewState     *view_state)
{
  ScStack *stack = NULL;
  guint nz = 1, nt = 1;

  g_return_if_fail (SC_IS_NAVIGATION_BAR (self));
  g_return_if_fail (view_state == NULL || SC_IS_VIEW_STATE (view_state));

  if (view_state == self->view_state)
    return;

  sc_navigation_bar_set_playing (self, FALSE);
  g_binding_group_set_source (self->bindings, NULL);
  g_signal_group_set_target (self->signals, NULL);
  g_set_object (&self->view_state, view_state);

  if (view_state != NULL)
    {
      stack = sc_view_state_get_stack (view_state);
      nz = sc_stack_get_n_slices (stack);
      nt = sc_stack_get_n_frames (stack);
    }
  /* the ranges first, so that the bindings find the positions in them */
  gtk_adjustment_configure (self->z_adjustment, 1, 1, MAX (nz, 1), 1, MAX (nz / 10, 1), 0);
  gtk_adjustment_configure (self->t_adjustment, 1, 1, MAX (nt, 1), 1, MAX (nt / 10, 1), 0);
  gtk_widget_set_visible (self->z_box, nz > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->slab_controls), nz > 1);
  gtk_widget_set_visible (self->t_box, nt > 1);
  if (view_state != NULL)
    {
      g_autofree char *z_widest = format_z (stack, nz - 1);
      g_autofree char *t_widest = format_t (stack, nt - 1);

      size_labels (self->z_label, z_widest, nz);
      size_labels (self->t_label, t_widest, nt);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), nz > 1 || nt > 1);

  g_binding_group_set_source (self->bindings, view_state);
  g_signal_group_set_target (self->signals, view_state);
  update_labels (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "navigation.toggle-play", can_play (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

gboolean
sc_navigation_bar_get_playing (ScNavigationBar *self)
{
  g_return_val_if_fail (SC_IS_NAVIGATION_BAR (self), FALSE);
  return self->play_source != 0;
}

void
sc_navigation_bar_set_playing (ScNavigationBar *self,
                               gboolean         playing)
{
  g_return_if_fail (SC_IS_NAVIGATION_BAR (self));

  playing = playing && can_play (self);
  if (playing == (self->play_source != 0))
    return;

  if (playing)
    start_timer (self);
  else
    g_clear_handle_id (&self->play_source, g_source_remove);
  update_play_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
sc_navigation_bar_toggle_play (ScNavigationBar *self)
{
  g_return_if_fail (SC_IS_NAVIGATION_BAR (self));
  sc_navigation_bar_set_playing (self, self->play_source == 0);
}

double
sc_navigation_bar_get_rate (ScNavigationBar *self)
{
  g_return_val_if_fail (SC_IS_NAVIGATION_BAR (self), 10);
  return gtk_adjustment_get_value (self->rate_adjustment);
}

void
sc_navigation_bar_set_rate (ScNavigationBar *self,
                            double           rate)
{
  g_return_if_fail (SC_IS_NAVIGATION_BAR (self));
  /* the adjustment clamps, and notifies through rate_changed_cb on a change */
  gtk_adjustment_set_value (self->rate_adjustment, rate);
}
