/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-slab-controls"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sc-slab-controls.h"

struct _ScSlabControls
{
  GtkWidget        parent_instance;

  /* template children */
  GtkToggleButton *toggle;
  GtkWidget       *options;
  GtkAdjustment   *thickness_adjustment;
  GtkDropDown     *method_dropdown;
  GtkLabel        *planes_label;
  GtkWidget       *result_button;
};

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_THICKNESS,
  PROP_METHOD,
  PROP_LABEL,
  PROP_READY,
  N_PROPS
};

enum {
  OPEN_RESULT,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ScSlabControls, sc_slab_controls, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The drop-down's order, as Fiji's Z Project lists them (percentile is no slab method). */
static const ScProjectionMethod methods[] = {
  SC_PROJECTION_MAX, SC_PROJECTION_MIN, SC_PROJECTION_MEAN, SC_PROJECTION_SUM,
  SC_PROJECTION_SD, SC_PROJECTION_MEDIAN,
};

static void
toggled_cb (ScSlabControls *self)
{
  gboolean on = gtk_toggle_button_get_active (self->toggle);

  gtk_widget_set_visible (self->options, on);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

static void
thickness_changed_cb (ScSlabControls *self)
{
  double v = round (gtk_adjustment_get_value (self->thickness_adjustment));

  /* a slab is centred on its plane: odd numbers only (an even one typed is rounded up) */
  if (fmod (v, 2) == 0)
    {
      gtk_adjustment_set_value (self->thickness_adjustment,
                                v + 1 <= gtk_adjustment_get_upper (self->thickness_adjustment)
                                ? v + 1 : v - 1);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THICKNESS]);
}

static void
method_changed_cb (ScSlabControls *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

static void
result_clicked_cb (ScSlabControls *self)
{
  g_signal_emit (self, signals[OPEN_RESULT], 0);
}

/* GObject */

static void
sc_slab_controls_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SC_TYPE_SLAB_CONTROLS);

  G_OBJECT_CLASS (sc_slab_controls_parent_class)->dispose (object);
}

static void
sc_slab_controls_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScSlabControls *self = SC_SLAB_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, sc_slab_controls_get_enabled (self));
      break;
    case PROP_THICKNESS:
      g_value_set_uint (value, sc_slab_controls_get_thickness (self));
      break;
    case PROP_METHOD:
      g_value_set_enum (value, sc_slab_controls_get_method (self));
      break;
    case PROP_LABEL:
      g_value_set_string (value, gtk_label_get_label (self->planes_label));
      break;
    case PROP_READY:
      g_value_set_boolean (value, gtk_widget_get_sensitive (self->result_button));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_slab_controls_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScSlabControls *self = SC_SLAB_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      sc_slab_controls_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_THICKNESS:
      sc_slab_controls_set_thickness (self, g_value_get_uint (value));
      break;
    case PROP_METHOD:
      sc_slab_controls_set_method (self, g_value_get_enum (value));
      break;
    case PROP_LABEL:
      sc_slab_controls_set_label (self, g_value_get_string (value));
      break;
    case PROP_READY:
      sc_slab_controls_set_ready (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_slab_controls_class_init (ScSlabControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sc_slab_controls_dispose;
  object_class->get_property = sc_slab_controls_get_property;
  object_class->set_property = sc_slab_controls_set_property;

  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE, rw);
  properties[PROP_THICKNESS] = g_param_spec_uint ("thickness", NULL, NULL, 3, 201, 11, rw);
  properties[PROP_METHOD] = g_param_spec_enum ("method", NULL, NULL, SC_TYPE_PROJECTION_METHOD,
                                               SC_PROJECTION_MAX, rw);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, "", rw);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_RESULT] = g_signal_new ("open-result", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stackscope/Stackscope/sc-slab-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, ScSlabControls, toggle);
  gtk_widget_class_bind_template_child (widget_class, ScSlabControls, options);
  gtk_widget_class_bind_template_child (widget_class, ScSlabControls, thickness_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScSlabControls, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScSlabControls, planes_label);
  gtk_widget_class_bind_template_child (widget_class, ScSlabControls, result_button);
  gtk_widget_class_bind_template_callback (widget_class, toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, thickness_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "slabcontrols");
}

static void
sc_slab_controls_init (ScSlabControls *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              6);
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    gtk_string_list_append (names, _(sc_method_get_info (methods[i])->title));
  gtk_drop_down_set_model (self->method_dropdown, G_LIST_MODEL (names));
}

/* Public */

GtkWidget *
sc_slab_controls_new (void)
{
  return g_object_new (SC_TYPE_SLAB_CONTROLS, NULL);
}

gboolean
sc_slab_controls_get_enabled (ScSlabControls *self)
{
  g_return_val_if_fail (SC_IS_SLAB_CONTROLS (self), FALSE);
  return gtk_toggle_button_get_active (self->toggle);
}

void
sc_slab_controls_set_enabled (ScSlabControls *self,
                              gboolean        enabled)
{
  g_return_if_fail (SC_IS_SLAB_CONTROLS (self));
  /* notifies through toggled_cb on a change */
  gtk_toggle_button_set_active (self->toggle, enabled);
}

guint
sc_slab_controls_get_thickness (ScSlabControls *self)
{
  g_return_val_if_fail (SC_IS_SLAB_CONTROLS (self), 11);
  return (guint) round (gtk_adjustment_get_value (self->thickness_adjustment));
}

void
sc_slab_controls_set_thickness (ScSlabControls *self,
                                guint           thickness)
{
  g_return_if_fail (SC_IS_SLAB_CONTROLS (self));
  gtk_adjustment_set_value (self->thickness_adjustment, thickness);
}

ScProjectionMethod
sc_slab_controls_get_method (ScSlabControls *self)
{
  guint i;

  g_return_val_if_fail (SC_IS_SLAB_CONTROLS (self), SC_PROJECTION_MAX);

  i = gtk_drop_down_get_selected (self->method_dropdown);
  return i < G_N_ELEMENTS (methods) ? methods[i] : SC_PROJECTION_MAX;
}

void
sc_slab_controls_set_method (ScSlabControls     *self,
                             ScProjectionMethod  method)
{
  g_return_if_fail (SC_IS_SLAB_CONTROLS (self));

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (methods[i] == method)
      gtk_drop_down_set_selected (self->method_dropdown, i);
}

void
sc_slab_controls_set_label (ScSlabControls *self,
                            const char     *label)
{
  g_return_if_fail (SC_IS_SLAB_CONTROLS (self));

  if (g_strcmp0 (gtk_label_get_label (self->planes_label), label ? label : "") == 0)
    return;
  gtk_label_set_label (self->planes_label, label ? label : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

void
sc_slab_controls_set_ready (ScSlabControls *self,
                            gboolean        ready)
{
  g_return_if_fail (SC_IS_SLAB_CONTROLS (self));

  if (gtk_widget_get_sensitive (self->result_button) == !!ready)
    return;
  gtk_widget_set_sensitive (self->result_button, ready);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}
