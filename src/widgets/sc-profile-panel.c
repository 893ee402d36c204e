/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-profile-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-profile-panel.h"
#include "sc-profile-view.h"
#include "sc-stack-stats.h"

struct _ScProfilePanel
{
  GtkWidget      parent_instance;

  ScViewState   *view_state;
  GSignalGroup  *signals;
  GCancellable  *cancellable;      /* the profile on its way */
  int            x;                /* the pixel plotted; -1 for none */
  int            y;

  /* template children */
  GtkWidget     *box;
  GtkLabel      *profile_title;
  ScProfileView *profile_view;
  GtkLabel      *profile_hint;
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScProfilePanel, sc_profile_panel, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

typedef struct {
  ScProfilePanel *self;
  GCancellable   *cancellable;
  ScProfileAxis   axis;
  guint           x;
  guint           y;
} ProfileRequest;

static void
profile_request_free (ProfileRequest *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->cancellable);
  g_free (request);
}

/* A time series of single planes is profiled through time, anything else through Z. */
static ScProfileAxis
profile_axis (ScStack *stack)
{
  return sc_stack_get_n_slices (stack) == 1 && sc_stack_get_n_frames (stack) > 1
         ? SC_PROFILE_ALONG_T : SC_PROFILE_ALONG_Z;
}

static guint
current_position (ScProfilePanel *self)
{
  if (profile_axis (sc_view_state_get_stack (self->view_state)) == SC_PROFILE_ALONG_T)
    return sc_view_state_get_frame (self->view_state);
  return sc_view_state_get_slice (self->view_state);
}

static void
cancel_request (ScProfilePanel *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
show_empty (ScProfilePanel *self)
{
  ScStack *stack = self->view_state ? sc_view_state_get_stack (self->view_state) : NULL;

  cancel_request (self);
  self->x = self->y = -1;
  sc_profile_view_clear (self->profile_view);
  gtk_label_set_label (self->profile_title,
                       stack && profile_axis (stack) == SC_PROFILE_ALONG_T ? _("T Profile")
                                                                           : _("Z Profile"));
  gtk_widget_set_visible (GTK_WIDGET (self->profile_hint), TRUE);
}

static void
profile_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProfileRequest *request = user_data;
  ScProfilePanel *self = request->self;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  g_autofree double *values = sc_stack_stats_profile_finish (result, &n, &error);
  const ScCalibration *cal;
  g_autofree char *title = NULL;
  gboolean along_t = request->axis == SC_PROFILE_ALONG_T;

  if (g_cancellable_is_cancelled (request->cancellable))
    {
      profile_request_free (request);
      return;
    }
  if (values == NULL)
    {
      g_warning ("No profile at %u, %u: %s", request->x, request->y, error->message);
      profile_request_free (request);
      return;
    }

  cal = sc_stack_get_calibration (sc_view_state_get_stack (self->view_state));
  if (along_t)
    sc_profile_view_set_data (self->profile_view, values, n, current_position (self), "t",
                              cal->frame_interval, cal->time_unit);
  else
    sc_profile_view_set_data (self->profile_view, values, n, current_position (self), "z",
                              cal->pixel_depth, sc_calibration_unit_symbol (cal->unit));

  /* Translators: the profile of pixel (x, y) along Z or T */
  title = g_strdup_printf (along_t ? _("T Profile at %u, %u") : _("Z Profile at %u, %u"),
                           request->x, request->y);
  gtk_label_set_label (self->profile_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_hint), FALSE);
  profile_request_free (request);
}

static void
request_profile (ScProfilePanel *self)
{
  ScStack *stack = sc_view_state_get_stack (self->view_state);
  ProfileRequest *request;

  cancel_request (self);
  self->cancellable = g_cancellable_new ();

  request = g_new0 (ProfileRequest, 1);
  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->cancellable);
  request->axis = profile_axis (stack);
  request->x = (guint) self->x;
  request->y = (guint) self->y;
  sc_stack_stats_profile_async (stack, sc_view_state_get_channel (self->view_state),
                                sc_view_state_get_slice (self->view_state),
                                sc_view_state_get_frame (self->view_state),
                                request->x, request->y, request->axis, self->cancellable,
                                profile_done, request);
}

/* The channel changed, or the slice (frame) a profile along T (Z) is taken at. */
static void
refresh_cb (ScProfilePanel *self)
{
  if (self->x >= 0)
    request_profile (self);
}

static void
position_cb (ScProfilePanel *self,
             GParamSpec     *pspec)
{
  gboolean along_t = profile_axis (sc_view_state_get_stack (self->view_state)) == SC_PROFILE_ALONG_T;
  gboolean is_frame = g_str_equal (pspec->name, "frame");

  if (along_t == is_frame)
    sc_profile_view_set_current (self->profile_view, current_position (self));
  else
    refresh_cb (self);
}

/* GObject */

static void
sc_profile_panel_dispose (GObject *object)
{
  ScProfilePanel *self = SC_PROFILE_PANEL (object);

  cancel_request (self);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->view_state);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PROFILE_PANEL);

  G_OBJECT_CLASS (sc_profile_panel_parent_class)->dispose (object);
}

static void
sc_profile_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScProfilePanel *self = SC_PROFILE_PANEL (object);

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
sc_profile_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScProfilePanel *self = SC_PROFILE_PANEL (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      sc_profile_panel_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_profile_panel_class_init (ScProfilePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_profile_panel_dispose;
  object_class->get_property = sc_profile_panel_get_property;
  object_class->set_property = sc_profile_panel_set_property;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SC_TYPE_VIEW_STATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_PROFILE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stackscope/Stackscope/sc-profile-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ScProfilePanel, box);
  gtk_widget_class_bind_template_child (widget_class, ScProfilePanel, profile_title);
  gtk_widget_class_bind_template_child (widget_class, ScProfilePanel, profile_view);
  gtk_widget_class_bind_template_child (widget_class, ScProfilePanel, profile_hint);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "profilepanel");
}

static void
sc_profile_panel_init (ScProfilePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->x = self->y = -1;
  self->signals = g_signal_group_new (SC_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->signals, "notify::channel",
                                 G_CALLBACK (refresh_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::slice",
                                 G_CALLBACK (position_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::frame",
                                 G_CALLBACK (position_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sc_profile_panel_new (void)
{
  return g_object_new (SC_TYPE_PROFILE_PANEL, NULL);
}

ScViewState *
sc_profile_panel_get_view_state (ScProfilePanel *self)
{
  g_return_val_if_fail (SC_IS_PROFILE_PANEL (self), NULL);
  return self->view_state;
}

void
sc_profile_panel_set_view_state (ScProfilePanel *self,
                                 ScViewState    *view_state)
{
  ScStack *stack;

  g_return_if_fail (SC_IS_PROFILE_PANEL (self));
  g_return_if_fail (view_state == NULL || SC_IS_VIEW_STATE (view_state));

  if (view_state == self->view_state)
    return;

  g_signal_group_set_target (self->signals, NULL);
  g_set_object (&self->view_state, view_state);
  show_empty (self);
  stack = view_state ? sc_view_state_get_stack (view_state) : NULL;
  /* a single plane has no profile to plot */
  gtk_widget_set_visible (GTK_WIDGET (self),
                          stack && sc_stack_get_n_slices (stack) * sc_stack_get_n_frames (stack) > 1);
  g_signal_group_set_target (self->signals, view_state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

void
sc_profile_panel_show_pixel (ScProfilePanel *self,
                             int             x,
                             int             y)
{
  ScStack *stack;

  g_return_if_fail (SC_IS_PROFILE_PANEL (self));

  if (self->view_state == NULL)
    return;

  stack = sc_view_state_get_stack (self->view_state);
  if (x < 0 || y < 0 || (guint) x >= sc_stack_get_width (stack) ||
      (guint) y >= sc_stack_get_height (stack))
    {
      show_empty (self);
      return;
    }
  if (sc_stack_get_n_slices (stack) * sc_stack_get_n_frames (stack) < 2)
    return;

  self->x = x;
  self->y = y;
  request_profile (self);
}

gboolean
sc_profile_panel_get_pixel (ScProfilePanel *self,
                            guint          *x,
                            guint          *y)
{
  g_return_val_if_fail (SC_IS_PROFILE_PANEL (self), FALSE);

  if (self->x < 0)
    return FALSE;
  if (x != NULL)
    *x = (guint) self->x;
  if (y != NULL)
    *y = (guint) self->y;
  return TRUE;
}
