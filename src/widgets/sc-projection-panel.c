/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection-panel"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sc-frames-source.h"
#include "sc-projection-panel.h"
#include "sc-scroll-guard.h"

struct _ScProjectionPanel
{
  GtkWidget       parent_instance;

  ScStack        *stack;
  guint           c;
  guint           z;
  guint           t;
  /* the page shown is a result of the stack, not the stack */
  gboolean        result_shown;

  /* template children */
  GtkWidget      *box;
  GtkLabel       *status_label;
  GtkDropDown    *method_dropdown;
  GtkWidget      *percentile_box;
  GtkWidget      *percentile_spin;
  GtkAdjustment  *percentile_adjustment;
  GtkWidget      *planes_box;
  GtkLabel       *planes_label;
  GtkWidget      *first_spin;
  GtkWidget      *last_spin;
  GtkWidget      *all_button;
  GtkAdjustment  *first_adjustment;
  GtkAdjustment  *last_adjustment;
  GtkLabel       *current_label;
  GtkWidget      *channel_row;
  GtkDropDown    *channel_dropdown;
  GtkWidget      *time_row;
  GtkDropDown    *time_dropdown;
  GtkWidget      *axis_row;
  GtkDropDown    *axis_dropdown;
  GtkWidget      *project_button;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (ScProjectionPanel, sc_projection_panel, GTK_TYPE_WIDGET)

/* The order of the method dropdown's items. */
static const ScProjectionMethod methods[] = {
  SC_PROJECTION_MAX, SC_PROJECTION_MIN, SC_PROJECTION_MEAN, SC_PROJECTION_SUM,
  SC_PROJECTION_SD, SC_PROJECTION_MEDIAN, SC_PROJECTION_PERCENTILE,
};

static ScProjectionMethod
selected_method (ScProjectionPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->method_dropdown);

  return i < G_N_ELEMENTS (methods) ? methods[i] : SC_PROJECTION_MAX;
}

/* A stack of one slice and several time points is projected over time, as ImageJ's
 * Z Project does: its range counts time points. */
static gboolean
over_time (ScProjectionPanel *self)
{
  return self->stack != NULL && sc_stack_get_n_slices (self->stack) == 1
         && sc_stack_get_n_frames (self->stack) > 1;
}

/* Planes, or time points, to project over. */
static guint
n_inputs (ScProjectionPanel *self)
{
  return over_time (self) ? sc_stack_get_n_frames (self->stack)
                          : sc_stack_get_n_slices (self->stack);
}

static void
update_current_label (ScProjectionPanel *self)
{
  guint first = (guint) gtk_adjustment_get_value (self->first_adjustment);
  guint last = (guint) gtk_adjustment_get_value (self->last_adjustment);
  gboolean time = over_time (self);
  guint n, shown;
  g_autofree char *text = NULL;

  if (self->stack == NULL)
    return;
  n = n_inputs (self);
  shown = (time ? self->t : self->z) + 1;
  if (first == 1 && last == n)
    /* Translators: %u is the plane (or time point) shown */
    text = g_strdup_printf (time ? _("All time points · time point %u is shown")
                                 : _("All planes · plane %u is shown"), shown);
  else if (shown >= first && shown <= last)
    text = g_strdup_printf (time ? _("Time point %u, shown now, is in the range")
                                 : _("Plane %u, shown now, is in the range"), shown);
  else
    text = g_strdup_printf (time ? _("Time point %u, shown now, is outside the range")
                                 : _("Plane %u, shown now, is outside the range"), shown);
  gtk_label_set_label (self->current_label, text);
}

/* What Project projects, or why it cannot, in the panel and the button's tooltip. */
static void
update_status (ScProjectionPanel *self)
{
  gboolean can = sc_projection_panel_get_can_project (self);
  gboolean time = over_time (self);
  g_autofree char *text = NULL;
  const char *tooltip;
  const char *name;
  guint n;
  GtkWidget *controls[] = {
    GTK_WIDGET (self->method_dropdown), self->percentile_spin, self->first_spin, self->last_spin,
    self->all_button, GTK_WIDGET (self->channel_dropdown), GTK_WIDGET (self->time_dropdown),
    GTK_WIDGET (self->axis_dropdown),
  };

  /* each control itself, for GTK 4.8 tells assistive technologies of a widget's own
   * sensitivity only */
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    gtk_widget_set_sensitive (controls[i], can);
  if (self->stack == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      return;
    }

  name = sc_stack_get_display_name (self->stack);
  n = n_inputs (self);
  if (!can)
    text = g_strdup (_("A single plane has nothing to project"));
  else if (time && self->result_shown)
    text = g_strdup_printf (ngettext ("Projects the %u time point of %s, "
                                      "the stack this result comes from",
                                      "Projects the %u time points of %s, "
                                      "the stack this result comes from",
                                      n), n, name);
  else if (time)
    text = g_strdup_printf (ngettext ("Projects the %u time point of %s",
                                      "Projects the %u time points of %s", n), n, name);
  else if (self->result_shown)
    text = g_strdup_printf (ngettext ("Projects the %u plane of %s, "
                                      "the stack this result comes from",
                                      "Projects the %u planes of %s, "
                                      "the stack this result comes from",
                                      n), n, name);
  else
    text = g_strdup_printf (ngettext ("Projects the %u plane of %s", "Projects the %u planes of %s",
                                      n), n, name);
  gtk_label_set_label (self->status_label, text);

  if (!can)
    tooltip = _("A single plane has nothing to project");
  else if (time)
    tooltip = _("Project the time points into a new view (Ctrl+P)");
  else
    tooltip = _("Project the planes into a new view (Ctrl+P)");
  gtk_widget_set_tooltip_text (self->project_button, tooltip);
}

/* The range's controls name planes, or time points. */
static void
name_range (ScProjectionPanel *self,
            gboolean           time)
{
  struct {
    GtkWidget  *widget;
    const char *label;
    const char *tooltip;
  } named[] = {
    { self->first_spin, time ? _("First time point") : _("First plane"),
      time ? _("First time point of the projection") : _("First plane of the projection") },
    { self->last_spin, time ? _("Last time point") : _("Last plane"),
      time ? _("Last time point of the projection") : _("Last plane of the projection") },
    { self->all_button, time ? _("All time points") : _("All planes"),
      time ? _("Project every time point") : _("Project every plane") },
  };

  gtk_label_set_label (self->planes_label, time ? _("Time points") : _("Planes"));
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      gtk_widget_set_tooltip_text (named[i].widget, named[i].tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (named[i].widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, named[i].label, -1);
    }
}

static void
method_changed_cb (ScProjectionPanel *self)
{
  gtk_widget_set_visible (self->percentile_box, selected_method (self) == SC_PROJECTION_PERCENTILE);
}

static void
range_changed_cb (ScProjectionPanel *self,
                  GtkAdjustment     *adjustment)
{
  double first = gtk_adjustment_get_value (self->first_adjustment);
  double last = gtk_adjustment_get_value (self->last_adjustment);

  /* keep first <= last by moving the other end */
  if (first > last)
    {
      if (adjustment == self->first_adjustment)
        gtk_adjustment_set_value (self->last_adjustment, first);
      else
        gtk_adjustment_set_value (self->first_adjustment, last);
    }
  update_current_label (self);
}

static void
all_planes_cb (ScProjectionPanel *self)
{
  if (self->stack == NULL)
    return;
  gtk_adjustment_set_value (self->first_adjustment, 1);
  gtk_adjustment_set_value (self->last_adjustment, n_inputs (self));
}

static void
sc_projection_panel_dispose (GObject *object)
{
  ScProjectionPanel *self = SC_PROJECTION_PANEL (object);

  g_clear_object (&self->stack);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PROJECTION_PANEL);

  G_OBJECT_CLASS (sc_projection_panel_parent_class)->dispose (object);
}

static void
sc_projection_panel_class_init (ScProjectionPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_projection_panel_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "projectionpanel");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stackscope/Stackscope/sc-projection-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, box);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, percentile_box);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, percentile_spin);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, percentile_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, planes_box);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, planes_label);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, first_spin);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, last_spin);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, all_button);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, first_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, last_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, current_label);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, channel_row);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, time_row);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, time_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, axis_row);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, axis_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, project_button);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, progress_box);
  gtk_widget_class_bind_template_child (widget_class, ScProjectionPanel, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, method_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_planes_cb);
}

static void
sc_projection_panel_init (ScProjectionPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_scroll_guard_attach (GTK_WIDGET (self));
  sc_projection_panel_set_running (self, FALSE);

  g_signal_connect_swapped (self->first_adjustment, "value-changed", G_CALLBACK (range_changed_cb), self);
  g_signal_connect_swapped (self->last_adjustment, "value-changed", G_CALLBACK (range_changed_cb), self);
  method_changed_cb (self);
  update_status (self);
}

GtkWidget *
sc_projection_panel_new (void)
{
  return g_object_new (SC_TYPE_PROJECTION_PANEL, NULL);
}

void
sc_projection_panel_set_stack (ScProjectionPanel *self,
                               ScStack           *stack)
{
  guint n;

  g_return_if_fail (SC_IS_PROJECTION_PANEL (self));
  g_return_if_fail (stack == NULL || SC_IS_STACK (stack));

  g_set_object (&self->stack, stack);
  if (stack == NULL)
    {
      update_status (self);
      return;
    }

  n = n_inputs (self);
  gtk_adjustment_configure (self->first_adjustment, 1, 1, n, 1, MAX (n / 10, 1), 0);
  gtk_adjustment_configure (self->last_adjustment, n, 1, n, 1, MAX (n / 10, 1), 0);
  name_range (self, over_time (self));
  gtk_widget_set_visible (self->planes_box, n > 1);
  gtk_widget_set_visible (self->channel_row, sc_stack_get_n_channels (stack) > 1);
  /* over time, the time points are the range */
  gtk_widget_set_visible (self->time_row, sc_stack_get_n_frames (stack) > 1 && !over_time (self));
  /* along X or Y the slices are the other axis: a projection over time has none */
  gtk_widget_set_visible (self->axis_row, !over_time (self));
  self->c = self->z = self->t = 0;
  update_current_label (self);
  update_status (self);
}

void
sc_projection_panel_set_result_shown (ScProjectionPanel *self,
                                      gboolean           result_shown)
{
  g_return_if_fail (SC_IS_PROJECTION_PANEL (self));

  result_shown = !!result_shown;
  if (self->result_shown == result_shown)
    return;
  self->result_shown = result_shown;
  update_status (self);
}

gboolean
sc_projection_panel_get_can_project (ScProjectionPanel *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_PANEL (self), FALSE);

  return self->stack != NULL
         && sc_stack_get_n_slices (self->stack) * sc_stack_get_n_frames (self->stack) > 1;
}

void
sc_projection_panel_set_current (ScProjectionPanel *self,
                                 guint              c,
                                 guint              z,
                                 guint              t)
{
  g_return_if_fail (SC_IS_PROJECTION_PANEL (self));

  self->c = c;
  self->z = z;
  self->t = t;
  update_current_label (self);
}

static char *
method_title (ScProjectionMethod method,
              double             percentile)
{
  switch (method)
    {
    case SC_PROJECTION_MAX: return g_strdup ("MAX");
    case SC_PROJECTION_MIN: return g_strdup ("MIN");
    case SC_PROJECTION_SUM: return g_strdup ("SUM");
    case SC_PROJECTION_MEAN: return g_strdup ("MEAN");
    case SC_PROJECTION_SD: return g_strdup ("SD");
    case SC_PROJECTION_MEDIAN: return g_strdup ("MEDIAN");
    case SC_PROJECTION_PERCENTILE: return g_strdup_printf ("P%g", percentile);
    default: g_assert_not_reached ();
    }
}

ScProjection *
sc_projection_panel_create_projection (ScProjectionPanel  *self,
                                       char              **title)
{
  ScProjection *projection;
  ScProjectionMethod method;
  double percentile;
  guint first, last, nc, nt;
  int channel = SC_PROJECTION_ALL, frame = SC_PROJECTION_ALL;
  gboolean time;
  guint axis;
  g_autofree char *what = NULL;
  GString *s;

  g_return_val_if_fail (SC_IS_PROJECTION_PANEL (self), NULL);
  g_return_val_if_fail (sc_projection_panel_get_can_project (self), NULL);

  method = selected_method (self);
  percentile = gtk_adjustment_get_value (self->percentile_adjustment);
  first = (guint) gtk_adjustment_get_value (self->first_adjustment) - 1;
  last = (guint) gtk_adjustment_get_value (self->last_adjustment) - 1;
  nc = sc_stack_get_n_channels (self->stack);
  nt = sc_stack_get_n_frames (self->stack);
  if (nc > 1 && gtk_drop_down_get_selected (self->channel_dropdown) == 0)
    channel = (int) self->c;
  time = over_time (self);
  if (nt > 1 && !time && gtk_drop_down_get_selected (self->time_dropdown) == 0)
    frame = (int) self->t;

  if (time)
    {
      g_autoptr(ScStack) frames = sc_frames_source_new_stack (self->stack);

      projection = sc_projection_new (frames, method);
    }
  else
    projection = sc_projection_new (self->stack, method);
  /* copies or in place, whichever this file reads faster (as stackscope-cli project) */
  sc_projection_set_adaptive_read (projection, TRUE);
  sc_projection_set_percentile (projection, percentile);
  sc_projection_set_slices (projection, first, last, 1);
  sc_projection_set_channel (projection, channel);
  sc_projection_set_frame (projection, frame);
  axis = time ? 0 : gtk_drop_down_get_selected (self->axis_dropdown);
  if (axis == 1)
    sc_projection_set_axis (projection, SC_PROJECTION_AXIS_Y);
  else if (axis == 2)
    sc_projection_set_axis (projection, SC_PROJECTION_AXIS_X);

  if (title != NULL)
    {
      what = method_title (method, percentile);
      s = g_string_new (NULL);
      /* "MAX cells.tif [1-25]", over time "MAX cells.tif [T1-40]" */
      g_string_append_printf (s, "%s %s [%s%u-%u]", what, sc_stack_get_display_name (self->stack),
                              time ? "T" : "", first + 1, last + 1);
      if (channel != SC_PROJECTION_ALL)
        g_string_append_printf (s, " C%d", channel + 1);
      if (frame != SC_PROJECTION_ALL)
        g_string_append_printf (s, " T%d", frame + 1);
      /* the image made along Y is an XZ one, along X a YZ one */
      if (axis != 0)
        g_string_append (s, axis == 1 ? " XZ" : " YZ");
      if (sc_stack_get_n_series (self->stack) > 1)
        {
          /* the image series (position) projected: its name, else S and its number */
          guint series = sc_stack_get_series (self->stack);
          const char *name = sc_stack_get_series_name (self->stack, series);

          if (name != NULL && *name)
            g_string_append_printf (s, " %s", name);
          else
            g_string_append_printf (s, " S%u", series + 1);
        }
      *title = g_string_free (s, FALSE);
    }
  return projection;
}

void
sc_projection_panel_get_range (ScProjectionPanel *self,
                               guint             *first,
                               guint             *last)
{
  g_return_if_fail (SC_IS_PROJECTION_PANEL (self));

  if (over_time (self))
    {
      /* the range counts time points; the stack's one slice is its plane range */
      *first = *last = 0;
      return;
    }
  *first = (guint) gtk_adjustment_get_value (self->first_adjustment) - 1;
  *last = (guint) gtk_adjustment_get_value (self->last_adjustment) - 1;
}

void
sc_projection_panel_set_running (ScProjectionPanel *self,
                                 gboolean           running)
{
  g_return_if_fail (SC_IS_PROJECTION_PANEL (self));

  /* The bar stays in place (GTK 4.8 does not tell assistive technologies about widgets
   * shown later); it is dimmed while nothing runs. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->progress_bar), running);
  /* a tooltip shows below its control: the Project button's would cover the progress bar
   * and Cancel while they are in use */
  gtk_widget_set_has_tooltip (self->project_button, !running);
  if (running)
    sc_projection_panel_set_progress (self, 0, NULL);
  else if (gtk_progress_bar_get_fraction (self->progress_bar) < 1)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, _("No projection running"));
    }
}

void
sc_projection_panel_set_progress (ScProjectionPanel *self,
                                  double             fraction,
                                  const char        *text)
{
  g_autofree char *percent = NULL;

  g_return_if_fail (SC_IS_PROJECTION_PANEL (self));

  fraction = CLAMP (fraction, 0, 1);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  percent = g_strdup_printf ("%.0f %%", floor (fraction * 100));
  gtk_progress_bar_set_text (self->progress_bar, text ? text : percent);
}
