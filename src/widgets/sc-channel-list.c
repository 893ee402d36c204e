/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-channel-list"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-channel-list.h"

struct _ScChannelList
{
  GtkWidget     parent_instance;

  ScViewState  *view_state;
  GSignalGroup *signals;
  GtkWidget    *box;
  GPtrArray    *checks;     /* GtkCheckButton, one per channel */
  GPtrArray    *swatches;   /* GtkDrawingArea, one per channel */
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScChannelList, sc_channel_list, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

char *
sc_channel_list_describe (ScStack *stack,
                          guint    c)
{
  ScChannelDisplay hint;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);

  if (sc_stack_get_channel_display (stack, c, &hint) && hint.name != NULL && *hint.name != '\0')
    /* TRANSLATORS: a channel's number and the name its file gives it, "1: DAPI" */
    return g_strdup_printf (C_("channel", "%u: %s"), c + 1, hint.name);
  return g_strdup_printf (_("Channel %u"), c + 1);
}

/* The channel's LUT from its darkest to its brightest colour. */
static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  ScChannelList *self = data;
  cairo_pattern_t *gradient;
  const guint8 *lut;
  guint c;

  if (self->view_state == NULL || !g_ptr_array_find (self->swatches, area, &c))
    return;
  lut = sc_render_params_get_lut (sc_view_state_get_params (self->view_state, c));
  gradient = cairo_pattern_create_linear (0, 0, width, 0);
  for (guint i = 0; i < 256; i += 15)
    cairo_pattern_add_color_stop_rgb (gradient, i / 255.0, lut[3 * i] / 255.0,
                                      lut[3 * i + 1] / 255.0, lut[3 * i + 2] / 255.0);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);
  /* a hairline frame, as the colormap button's swatches have */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  cairo_stroke (cr);
}

/* Each button from the view state: checked where its channel shows, and acting while
 * the view is a composite, but for the one channel left shown. */
static void
sync_checks (ScChannelList *self)
{
  guint n_visible = 0;
  gboolean composite;

  if (self->view_state == NULL)
    return;
  composite = sc_view_state_get_composite (self->view_state);
  for (guint c = 0; c < self->checks->len; c++)
    n_visible += sc_view_state_get_visible (self->view_state, c);

  for (guint c = 0; c < self->checks->len; c++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, c);
      gboolean visible = sc_view_state_get_visible (self->view_state, c);
      gboolean last = visible && n_visible == 1;
      const char *tip;

      gtk_check_button_set_active (check, visible);
      gtk_widget_set_sensitive (GTK_WIDGET (check), composite && !last);
      if (!composite)
        tip = _("Turn on Composite to choose the channels it shows");
      else if (last)
        tip = _("At least one channel stays shown");
      else
        tip = _("Show or hide this channel in the composite");
      gtk_widget_set_tooltip_text (GTK_WIDGET (check), tip);
      gtk_widget_queue_draw (g_ptr_array_index (self->swatches, c));
    }
}

static void
toggled_cb (GtkCheckButton *check,
            ScChannelList  *self)
{
  guint c;

  if (self->view_state == NULL || !g_ptr_array_find (self->checks, check, &c))
    return;
  sc_view_state_set_visible (self->view_state, c, gtk_check_button_get_active (check));
}

static void
clear_rows (ScChannelList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->checks, 0);
  g_ptr_array_set_size (self->swatches, 0);
}

static void
add_row (ScChannelList *self,
         ScStack       *stack,
         guint          c)
{
  ScChannelDisplay hint;
  g_autofree char *label = sc_channel_list_describe (stack, c);
  g_autofree char *name = NULL;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *check = gtk_check_button_new_with_label (label);
  GtkWidget *swatch = gtk_drawing_area_new ();

  if (sc_stack_get_channel_display (stack, c, &hint) && hint.name != NULL && *hint.name != '\0')
    /* TRANSLATORS: the accessible name of a channel's check button, "Show DAPI" */
    name = g_strdup_printf (_("Show %s"), hint.name);
  else
    name = g_strdup_printf (_("Show channel %u"), c + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_hexpand (check, TRUE);
  g_signal_connect (check, "toggled", G_CALLBACK (toggled_cb), self);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 36);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 10);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, self, NULL);

  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (self->box), row);
  g_ptr_array_add (self->checks, check);
  g_ptr_array_add (self->swatches, swatch);
}

static void
build_rows (ScChannelList *self)
{
  ScStack *stack;
  guint n;

  clear_rows (self);
  if (self->view_state == NULL)
    return;
  stack = sc_view_state_get_stack (self->view_state);
  n = sc_view_state_get_n_channels (self->view_state);
  /* RGB has no channels to choose, a single channel nothing to hide */
  if (n < 2 || sc_stack_get_samples_per_pixel (stack) >= 3)
    return;
  for (guint c = 0; c < n; c++)
    add_row (self, stack, c);
}

/* GObject */

static void
sc_channel_list_dispose (GObject *object)
{
  ScChannelList *self = SC_CHANNEL_LIST (object);

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->view_state);
  if (self->checks != NULL)
    clear_rows (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (sc_channel_list_parent_class)->dispose (object);
}

static void
sc_channel_list_finalize (GObject *object)
{
  ScChannelList *self = SC_CHANNEL_LIST (object);

  g_ptr_array_unref (self->checks);
  g_ptr_array_unref (self->swatches);

  G_OBJECT_CLASS (sc_channel_list_parent_class)->finalize (object);
}

static void
sc_channel_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScChannelList *self = SC_CHANNEL_LIST (object);

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
sc_channel_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScChannelList *self = SC_CHANNEL_LIST (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      sc_channel_list_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_channel_list_class_init (ScChannelListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_channel_list_dispose;
  object_class->finalize = sc_channel_list_finalize;
  object_class->get_property = sc_channel_list_get_property;
  object_class->set_property = sc_channel_list_set_property;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SC_TYPE_VIEW_STATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "channellist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sc_channel_list_init (ScChannelList *self)
{
  self->checks = g_ptr_array_new ();
  self->swatches = g_ptr_array_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Channels shown"), -1);

  self->signals = g_signal_group_new (SC_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->signals, "channel-changed", G_CALLBACK (sync_checks),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::composite", G_CALLBACK (sync_checks),
                                 self, G_CONNECT_SWAPPED);
}

GtkWidget *
sc_channel_list_new (void)
{
  return g_object_new (SC_TYPE_CHANNEL_LIST, NULL);
}

ScViewState *
sc_channel_list_get_view_state (ScChannelList *self)
{
  g_return_val_if_fail (SC_IS_CHANNEL_LIST (self), NULL);
  return self->view_state;
}

void
sc_channel_list_set_view_state (ScChannelList *self,
                                ScViewState   *view_state)
{
  g_return_if_fail (SC_IS_CHANNEL_LIST (self));
  g_return_if_fail (view_state == NULL || SC_IS_VIEW_STATE (view_state));

  if (view_state == self->view_state)
    return;
  g_signal_group_set_target (self->signals, NULL);
  g_set_object (&self->view_state, view_state);
  build_rows (self);
  sync_checks (self);
  g_signal_group_set_target (self->signals, view_state);
  gtk_widget_set_visible (GTK_WIDGET (self), self->checks->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}
