/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-display-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-channel-list.h"
#include "sc-color-bar.h"
#include "sc-colormap-button.h"
#include "sc-display-panel.h"
#include "sc-histogram-view.h"
#include "sc-scroll-guard.h"
#include "sc-stack-stats.h"

struct _ScDisplayPanel
{
  GtkWidget         parent_instance;

  ScViewState      *view_state;
  GSignalGroup     *signals;
  GBindingGroup    *bindings;
  GSettings        *settings;            /* NULL where the app's schema is not installed */

  /* Histograms of stack: the plane shown of one channel, and whole channels. */
  ScStack          *stack;
  ScHistogram      *plane_hist;
  guint             plane_c;             /* the channel plane_hist is of */
  guint             plane_index;         /* the plane of plane_hist, or of its request */
  gboolean          plane_requested;     /* plane_index is held or on its way */
  GCancellable     *plane_cancellable;
  GPtrArray        *channel_hists;       /* per channel: ScHistogram, NULL until computed */
  GCancellable     *channel_cancellable;
  gboolean         *channel_pending;
  gboolean          auto_pending;        /* Auto waits for the plane's histogram */
  gboolean          reset_pending;       /* Reset waits for it too */
  gboolean          dragging;            /* a drag of the histogram's handles: one edit */

  /* template children */
  GtkWidget        *box;
  GtkWidget        *channel_box;
  GtkDropDown      *channel_dropdown;
  ScChannelList    *channel_list;
  GtkSwitch        *composite_switch;
  ScColormapButton *colormap_button;
  GtkToggleButton  *log_button;
  ScHistogramView  *histogram_view;
  ScColorBar       *color_bar;
  GtkSpinButton    *min_spin;
  GtkSpinButton    *max_spin;
  GtkAdjustment    *min_adjustment;
  GtkAdjustment    *max_adjustment;
  GtkAdjustment    *gamma_adjustment;
  GtkToggleButton  *hist_plane_button;
  GtkToggleButton  *hist_stack_button;
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  N_PROPS
};

enum {
  ERROR,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ScDisplayPanel, sc_display_panel, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A read failed: the window shows it, or else the log. */
static void
report_error (ScDisplayPanel *self,
              const GError   *error)
{
  if (g_signal_has_handler_pending (self, signals[ERROR], 0, TRUE))
    g_signal_emit (self, signals[ERROR], 0, error);
  else
    g_warning ("%s", error->message);
}

/* One histogram on its way; holds what it needs. */
typedef struct {
  ScDisplayPanel *self;
  GCancellable   *cancellable;
  ScStack        *stack;
  guint           c;
} HistRequest;

static HistRequest *
hist_request_new (ScDisplayPanel *self,
                  GCancellable   *cancellable,
                  guint           c)
{
  HistRequest *request = g_new0 (HistRequest, 1);

  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (cancellable);
  request->stack = g_object_ref (self->stack);
  request->c = c;
  return request;
}

static void
hist_request_free (HistRequest *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stack);
  g_free (request);
}

static guint
current_channel (ScDisplayPanel *self)
{
  return sc_view_state_get_channel (self->view_state);
}

static gboolean
is_integer (ScDisplayPanel *self)
{
  return sc_sample_type_is_integer (sc_stack_get_sample_type (self->stack));
}

static const ScHistogram *
current_histogram (ScDisplayPanel *self)
{
  if (self->view_state == NULL)
    return NULL;
  if (gtk_toggle_button_get_active (self->hist_stack_button))
    {
      guint c = current_channel (self);

      if (c < self->channel_hists->len && g_ptr_array_index (self->channel_hists, c) != NULL)
        return g_ptr_array_index (self->channel_hists, c);
    }
  if (self->plane_hist != NULL && self->plane_c == current_channel (self))
    return self->plane_hist;
  return NULL;
}

static void
show_histogram (ScDisplayPanel *self)
{
  sc_histogram_view_set_histogram (self->histogram_view, current_histogram (self));
}

/* Histograms */

static void
plane_histogram_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  HistRequest *request = user_data;
  ScDisplayPanel *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScHistogram) hist = sc_stack_stats_plane_histogram_finish (result, &error);

  if (g_cancellable_is_cancelled (request->cancellable))
    {
      hist_request_free (request);
      return;
    }
  if (hist == NULL)
    /* the view reads the same plane, and reports it */
    g_debug ("No histogram of plane %u: %s", self->plane_index + 1, error->message);

  g_clear_pointer (&self->plane_hist, sc_histogram_free);
  self->plane_hist = g_steal_pointer (&hist);
  self->plane_c = request->c;
  if (self->auto_pending)
    sc_display_panel_auto_contrast (self);
  if (self->reset_pending)
    sc_display_panel_reset_range (self);
  show_histogram (self);
  hist_request_free (request);
}

/* Asks for the histogram of the current channel's plane, unless it is held or on its
 * way. */
static void
request_plane_histogram (ScDisplayPanel *self)
{
  guint c, index;

  if (self->view_state == NULL)
    return;

  c = current_channel (self);
  index = sc_view_state_get_plane_index (self->view_state, c);
  if (self->plane_requested && index == self->plane_index)
    return;

  g_cancellable_cancel (self->plane_cancellable);
  g_clear_object (&self->plane_cancellable);
  self->plane_cancellable = g_cancellable_new ();
  self->plane_index = index;
  self->plane_requested = TRUE;
  /* the last plane's histogram stands in while this one is made, if of the same channel */
  if (self->plane_c != c)
    g_clear_pointer (&self->plane_hist, sc_histogram_free);

  sc_stack_stats_plane_histogram_async (self->stack, index, self->plane_cancellable,
                                        plane_histogram_done,
                                        hist_request_new (self, self->plane_cancellable, c));
}

static void
channel_histogram_done (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  HistRequest *request = user_data;
  ScDisplayPanel *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScHistogram) hist = sc_stack_stats_channel_histogram_finish (result, &error);

  if (g_cancellable_is_cancelled (request->cancellable))
    {
      hist_request_free (request);
      return;
    }

  g_assert (request->stack == self->stack && request->c < self->channel_hists->len);
  self->channel_pending[request->c] = FALSE;
  if (hist == NULL)
    report_error (self, error);
  else
    g_ptr_array_index (self->channel_hists, request->c) = g_steal_pointer (&hist);
  if (self->view_state != NULL && request->c == current_channel (self))
    show_histogram (self);
  hist_request_free (request);
}

static void
request_channel_histogram (ScDisplayPanel *self)
{
  guint c;

  if (self->view_state == NULL)
    return;

  c = current_channel (self);
  if (c >= self->channel_hists->len || self->channel_pending[c] ||
      g_ptr_array_index (self->channel_hists, c) != NULL)
    return;

  self->channel_pending[c] = TRUE;
  sc_stack_stats_channel_histogram_async (self->stack, c, self->channel_cancellable,
                                          channel_histogram_done,
                                          hist_request_new (self, self->channel_cancellable, c));
}

/* Drops the channel histograms (their stack went, or its data changed). */
static void
clear_channel_histograms (ScDisplayPanel *self)
{
  g_cancellable_cancel (self->channel_cancellable);
  g_clear_object (&self->channel_cancellable);
  self->channel_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->channel_pending, g_free);
  g_ptr_array_set_size (self->channel_hists, 0);
  if (self->stack != NULL)
    {
      guint n = sc_stack_get_n_channels (self->stack);

      g_ptr_array_set_size (self->channel_hists, n);
      self->channel_pending = g_new0 (gboolean, n);
    }
}

/* The histograms held are of stack no longer. Those of a new version of the same data
 * (same_data) stand in until the new ones come. */
static void
set_stack (ScDisplayPanel *self,
           ScStack        *stack,
           gboolean        same_data)
{
  if (stack == self->stack)
    return;

  g_cancellable_cancel (self->plane_cancellable);
  g_clear_object (&self->plane_cancellable);
  if (!same_data)
    g_clear_pointer (&self->plane_hist, sc_histogram_free);
  self->plane_requested = FALSE;
  g_set_object (&self->stack, stack);
  clear_channel_histograms (self);
}

/* View state → controls */

/* Sets the controls from the current channel's settings. Each control's handler sets
 * only its own value against the view state's others, so that the handlers these
 * changes call find nothing to change. */
static void
sync_channel_controls (ScDisplayPanel *self)
{
  const ScRenderParams *params;
  ScSampleType type;
  double tmin, tmax;
  gboolean integer, rgb;

  if (self->view_state == NULL)
    return;

  params = sc_view_state_get_params (self->view_state, current_channel (self));
  type = sc_stack_get_sample_type (self->stack);
  integer = is_integer (self);
  rgb = sc_stack_get_samples_per_pixel (self->stack) >= 3;
  sc_sample_type_get_range (type, &tmin, &tmax);
  if (!integer)
    {
      tmin = -G_MAXFLOAT;
      tmax = G_MAXFLOAT;
    }

  sc_colormap_button_set_colormap (self->colormap_button, params->colormap);
  gtk_toggle_button_set_active (self->log_button, params->log_scale);
  gtk_adjustment_set_value (self->gamma_adjustment, params->gamma);

  gtk_spin_button_set_digits (self->min_spin, integer ? 0 : 4);
  gtk_spin_button_set_digits (self->max_spin, integer ? 0 : 4);
  gtk_adjustment_configure (self->min_adjustment, params->min, tmin, tmax,
                            integer ? 1 : 0.01, integer ? 100 : 1, 0);
  gtk_adjustment_configure (self->max_adjustment, params->max, tmin, tmax,
                            integer ? 1 : 0.01, integer ? 100 : 1, 0);

  sc_histogram_view_set_integer (self->histogram_view, integer);
  sc_histogram_view_set_range (self->histogram_view, params->min, params->max);
  sc_histogram_view_set_transfer (self->histogram_view, params->gamma, params->log_scale);
  sc_color_bar_set_params (self->color_bar, params, integer);

  gtk_widget_set_sensitive (GTK_WIDGET (self->colormap_button), !rgb);
}

static void
channel_notify_cb (ScDisplayPanel *self)
{
  sync_channel_controls (self);
  request_plane_histogram (self);
  if (gtk_toggle_button_get_active (self->hist_stack_button))
    request_channel_histogram (self);
  show_histogram (self);
}

static void
position_notify_cb (ScDisplayPanel *self)
{
  request_plane_histogram (self);
}

static void
channel_changed_cb (ScDisplayPanel *self,
                    guint           c)
{
  if (c == current_channel (self))
    sync_channel_controls (self);
}

/* A new version of the data (a result as it is computed), of the same shape. */
static void
stack_notify_cb (ScDisplayPanel *self)
{
  set_stack (self, sc_view_state_get_stack (self->view_state), TRUE);
  request_plane_histogram (self);
  if (gtk_toggle_button_get_active (self->hist_stack_button))
    request_channel_histogram (self);
}

/* The channel list, and what a stack of this shape can do. */
static void
setup_channels (ScDisplayPanel *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = self->stack ? sc_stack_get_n_channels (self->stack) : 0;
  gboolean rgb = self->stack && sc_stack_get_samples_per_pixel (self->stack) >= 3;

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *name = sc_channel_list_describe (self->stack, c);

      gtk_string_list_append (names, name);
    }
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (names));
  gtk_widget_set_visible (self->channel_box, n > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->composite_switch), n > 1 && !rgb);
}

/* Controls → view state */

static void
remember_boolean (ScDisplayPanel *self,
                  const char     *key,
                  gboolean        value)
{
  if (self->settings != NULL && sc_view_state_get_n_channels (self->view_state) == 1)
    g_settings_set_boolean (self->settings, key, value);
}

static void
colormap_changed_cb (ScDisplayPanel *self)
{
  ScColormap colormap = sc_colormap_button_get_colormap (self->colormap_button);
  guint c;

  if (self->view_state == NULL)
    return;

  c = current_channel (self);
  if (colormap == sc_view_state_get_params (self->view_state, c)->colormap)
    return;
  sc_view_state_begin_user_action (self->view_state);
  sc_view_state_set_colormap (self->view_state, c, colormap);
  /* a segmentation shows its whole label range (the colours go by value, not by range) */
  if (colormap == SC_COLORMAP_LABELS && is_integer (self))
    {
      const ScHistogram *hist = current_histogram (self);

      if (hist != NULL && hist->total > 0 && hist->data_max > hist->data_min)
        sc_view_state_set_range (self->view_state, c, hist->data_min, hist->data_max);
    }
  sc_view_state_end_user_action (self->view_state);
  if (self->settings != NULL && sc_view_state_get_n_channels (self->view_state) == 1)
    g_settings_set_string (self->settings, "colormap", sc_colormap_get_name (colormap));
}

static void
log_toggled_cb (ScDisplayPanel *self)
{
  gboolean active = gtk_toggle_button_get_active (self->log_button);
  guint c;

  if (self->view_state == NULL)
    return;

  c = current_channel (self);
  if (active == sc_view_state_get_params (self->view_state, c)->log_scale)
    return;
  sc_view_state_set_log_scale (self->view_state, c, active);
  remember_boolean (self, "log-scale", active);
}

static void
gamma_changed_cb (ScDisplayPanel *self)
{
  if (self->view_state != NULL)
    sc_view_state_set_gamma (self->view_state, current_channel (self),
                             gtk_adjustment_get_value (self->gamma_adjustment));
}

/* Controls set to what the view state holds (a view state just bound) set nothing: a
 * range set by the user would end a result's following of its data. */
static void
set_range (ScDisplayPanel *self,
           double          min,
           double          max)
{
  guint c = current_channel (self);
  const ScRenderParams *params = sc_view_state_get_params (self->view_state, c);

  if (params->min != min || params->max != max)
    sc_view_state_set_range (self->view_state, c, min, max);
}

static void
min_changed_cb (ScDisplayPanel *self)
{
  if (self->view_state != NULL)
    set_range (self, gtk_adjustment_get_value (self->min_adjustment),
               sc_view_state_get_params (self->view_state, current_channel (self))->max);
}

static void
max_changed_cb (ScDisplayPanel *self)
{
  if (self->view_state != NULL)
    set_range (self, sc_view_state_get_params (self->view_state, current_channel (self))->min,
               gtk_adjustment_get_value (self->max_adjustment));
}

static void
histogram_range_changed_cb (ScDisplayPanel *self)
{
  if (self->view_state != NULL)
    set_range (self, sc_histogram_view_get_lower (self->histogram_view),
               sc_histogram_view_get_upper (self->histogram_view));
}

/* A drag of the handles is one edit, to undo at once. */
static void
histogram_dragging_cb (ScDisplayPanel *self)
{
  gboolean dragging = FALSE;

  g_object_get (self->histogram_view, "dragging", &dragging, NULL);
  if (self->view_state == NULL || dragging == self->dragging)
    return;
  self->dragging = dragging;
  if (dragging)
    sc_view_state_begin_user_action (self->view_state);
  else
    sc_view_state_end_user_action (self->view_state);
}

static void
hist_source_toggled_cb (ScDisplayPanel *self)
{
  if (gtk_toggle_button_get_active (self->hist_stack_button))
    request_channel_histogram (self);
  show_histogram (self);
}

static void
auto_contrast_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  sc_display_panel_auto_contrast (SC_DISPLAY_PANEL (widget));
}

static void
reset_range_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  sc_display_panel_reset_range (SC_DISPLAY_PANEL (widget));
}

/* GObject */

static void
sc_display_panel_dispose (GObject *object)
{
  ScDisplayPanel *self = SC_DISPLAY_PANEL (object);

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->bindings);
  if (self->dragging && self->view_state != NULL)
    sc_view_state_end_user_action (self->view_state);
  self->dragging = FALSE;
  g_clear_object (&self->view_state);
  if (self->channel_hists != NULL)
    set_stack (self, NULL, FALSE);
  g_cancellable_cancel (self->channel_cancellable);
  g_clear_object (&self->channel_cancellable);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_DISPLAY_PANEL);

  G_OBJECT_CLASS (sc_display_panel_parent_class)->dispose (object);
}

static void
sc_display_panel_finalize (GObject *object)
{
  ScDisplayPanel *self = SC_DISPLAY_PANEL (object);

  g_clear_pointer (&self->channel_hists, g_ptr_array_unref);
  g_clear_pointer (&self->channel_pending, g_free);

  G_OBJECT_CLASS (sc_display_panel_parent_class)->finalize (object);
}

static void
sc_display_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScDisplayPanel *self = SC_DISPLAY_PANEL (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_display_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScDisplayPanel *self = SC_DISPLAY_PANEL (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      sc_display_panel_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_display_panel_class_init (ScDisplayPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_display_panel_dispose;
  object_class->finalize = sc_display_panel_finalize;
  object_class->get_property = sc_display_panel_get_property;
  object_class->set_property = sc_display_panel_set_property;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SC_TYPE_VIEW_STATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (SC_TYPE_CHANNEL_LIST);
  g_type_ensure (SC_TYPE_COLORMAP_BUTTON);
  g_type_ensure (SC_TYPE_HISTOGRAM_VIEW);
  g_type_ensure (SC_TYPE_COLOR_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stackscope/Stackscope/sc-display-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, box);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, channel_box);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, channel_list);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, composite_switch);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, colormap_button);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, log_button);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, histogram_view);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, color_bar);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, min_spin);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, max_spin);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, min_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, gamma_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, hist_plane_button);
  gtk_widget_class_bind_template_child (widget_class, ScDisplayPanel, hist_stack_button);
  gtk_widget_class_bind_template_callback (widget_class, colormap_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, log_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, gamma_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, min_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, max_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, histogram_range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, hist_source_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, histogram_dragging_cb);

  gtk_widget_class_install_action (widget_class, "display.auto-contrast", NULL,
                                   auto_contrast_action);
  gtk_widget_class_install_action (widget_class, "display.reset-range", NULL, reset_range_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "displaypanel");
}

static void
sc_display_panel_init (ScDisplayPanel *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  sc_scroll_guard_attach (GTK_WIDGET (self));

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);

  self->channel_hists = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_histogram_free);
  self->channel_cancellable = g_cancellable_new ();

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "channel", self->channel_dropdown, "selected",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "composite", self->composite_switch, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  self->signals = g_signal_group_new (SC_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->signals, "notify::channel",
                                 G_CALLBACK (channel_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::slice",
                                 G_CALLBACK (position_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::frame",
                                 G_CALLBACK (position_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "channel-changed",
                                 G_CALLBACK (channel_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::stack",
                                 G_CALLBACK (stack_notify_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_sensitive (self->box, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "display.auto-contrast", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "display.reset-range", FALSE);
}

GtkWidget *
sc_display_panel_new (void)
{
  return g_object_new (SC_TYPE_DISPLAY_PANEL, NULL);
}

ScViewState *
sc_display_panel_get_view_state (ScDisplayPanel *self)
{
  g_return_val_if_fail (SC_IS_DISPLAY_PANEL (self), NULL);
  return self->view_state;
}

void
sc_display_panel_set_view_state (ScDisplayPanel *self,
                                 ScViewState    *view_state)
{
  gboolean bound = view_state != NULL;

  g_return_if_fail (SC_IS_DISPLAY_PANEL (self));
  g_return_if_fail (view_state == NULL || SC_IS_VIEW_STATE (view_state));

  if (view_state == self->view_state)
    return;

  /* a drag under way ends with the view state it began on */
  if (self->dragging)
    sc_view_state_end_user_action (self->view_state);
  self->dragging = FALSE;
  /* unbind first, so that filling the controls for the new state changes nothing */
  g_binding_group_set_source (self->bindings, NULL);
  g_signal_group_set_target (self->signals, NULL);
  g_set_object (&self->view_state, view_state);

  set_stack (self, bound ? sc_view_state_get_stack (view_state) : NULL, FALSE);
  self->plane_requested = FALSE;
  self->auto_pending = FALSE;
  self->reset_pending = FALSE;
  setup_channels (self);
  sc_channel_list_set_view_state (self->channel_list, view_state);
  gtk_toggle_button_set_active (self->hist_plane_button, TRUE);

  g_binding_group_set_source (self->bindings, view_state);
  g_signal_group_set_target (self->signals, view_state);
  sync_channel_controls (self);
  request_plane_histogram (self);
  show_histogram (self);

  gtk_widget_set_sensitive (self->box, bound);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "display.auto-contrast", bound);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "display.reset-range", bound);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

void
sc_display_panel_auto_contrast (ScDisplayPanel *self)
{
  const ScHistogram *hist;
  double min, max;

  g_return_if_fail (SC_IS_DISPLAY_PANEL (self));

  if (self->view_state == NULL)
    return;

  hist = current_histogram (self);
  self->auto_pending = hist == NULL;
  self->reset_pending = FALSE;
  if (sc_stack_stats_auto_range (hist, &min, &max))
    {
      sc_view_state_begin_user_action (self->view_state);
      sc_view_state_set_range (self->view_state, current_channel (self), min, max);
      sc_view_state_end_user_action (self->view_state);
    }
}

/* ImageJ's Reset: the range of the data in the histogram shown (the plane's, or the
 * stack's), gamma 1 and linear. Until the histogram comes, integer data gets its type's
 * range, and the data's range follows. */
void
sc_display_panel_reset_range (ScDisplayPanel *self)
{
  const ScHistogram *hist;
  double min = 0, max = 1;
  guint c;

  g_return_if_fail (SC_IS_DISPLAY_PANEL (self));

  if (self->view_state == NULL)
    return;

  c = current_channel (self);
  hist = current_histogram (self);
  self->reset_pending = hist == NULL;
  self->auto_pending = FALSE;
  if (hist != NULL && hist->total > 0)
    {
      min = hist->data_min;
      max = hist->data_max;
      if (max <= min)
        max = min + (is_integer (self) ? 1 : 1e-6);
    }
  else if (is_integer (self))
    sc_sample_type_get_range (sc_stack_get_sample_type (self->stack), &min, &max);

  /* one edit, to undo at once */
  sc_view_state_begin_user_action (self->view_state);
  sc_view_state_set_gamma (self->view_state, c, 1.0);
  sc_view_state_set_log_scale (self->view_state, c, FALSE);
  sc_view_state_set_range (self->view_state, c, min, max);
  sc_view_state_end_user_action (self->view_state);
}

void
sc_display_panel_toggle_log (ScDisplayPanel *self)
{
  g_return_if_fail (SC_IS_DISPLAY_PANEL (self));

  if (self->view_state != NULL)
    gtk_toggle_button_set_active (self->log_button, !gtk_toggle_button_get_active (self->log_button));
}

const ScHistogram *
sc_display_panel_get_histogram (ScDisplayPanel *self)
{
  g_return_val_if_fail (SC_IS_DISPLAY_PANEL (self), NULL);
  return current_histogram (self);
}
