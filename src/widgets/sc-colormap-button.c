/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-colormap-button"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-colormap-button.h"
#include "sc-render.h"

struct _ScColormapButton
{
  GtkWidget    parent_instance;

  GtkDropDown *dropdown;
};

enum {
  PROP_0,
  PROP_COLORMAP,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScColormapButton, sc_colormap_button, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  /* the item's position is its colormap */
  guint position = gtk_list_item_get_position (GTK_LIST_ITEM (data));
  const guint8 *lut;
  cairo_surface_t *surface;
  guint32 *row;

  if (position >= SC_N_COLORMAPS)
    return;
  lut = sc_colormap_get_table ((ScColormap) position);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 1);
  cairo_surface_flush (surface);
  row = (guint32 *) (gpointer) cairo_image_surface_get_data (surface);
  for (guint i = 0; i < 256; i++)
    row[i] = SC_RENDER_OPAQUE (lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]);
  cairo_surface_mark_dirty (surface);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_scale (cr, width / 256.0, height);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);

  /* a hairline frame so that black and white ends stay visible on any theme */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  cairo_stroke (cr);

  cairo_surface_destroy (surface);
}

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *area = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 72);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 14);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, item, NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), area);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *area = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (area);
  guint position = gtk_list_item_get_position (item);

  gtk_widget_queue_draw (area);
  gtk_label_set_label (GTK_LABEL (label), _(sc_colormap_get_title (position)));
}

static void
selected_changed_cb (ScColormapButton *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLORMAP]);
}

static void
sc_colormap_button_dispose (GObject *object)
{
  ScColormapButton *self = SC_COLORMAP_BUTTON (object);

  g_clear_pointer ((GtkWidget **) &self->dropdown, gtk_widget_unparent);

  G_OBJECT_CLASS (sc_colormap_button_parent_class)->dispose (object);
}

static void
sc_colormap_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScColormapButton *self = SC_COLORMAP_BUTTON (object);

  switch (prop_id)
    {
    case PROP_COLORMAP:
      g_value_set_uint (value, sc_colormap_button_get_colormap (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_colormap_button_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScColormapButton *self = SC_COLORMAP_BUTTON (object);

  switch (prop_id)
    {
    case PROP_COLORMAP:
      sc_colormap_button_set_colormap (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_colormap_button_class_init (ScColormapButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_colormap_button_dispose;
  object_class->get_property = sc_colormap_button_get_property;
  object_class->set_property = sc_colormap_button_set_property;

  properties[PROP_COLORMAP] =
    g_param_spec_uint ("colormap", NULL, NULL, 0, SC_N_COLORMAPS - 1, SC_COLORMAP_GRAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "colormapbutton");
}

static void
sc_colormap_button_init (ScColormapButton *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  for (guint i = 0; i < SC_N_COLORMAPS; i++)
    gtk_string_list_append (names, _(sc_colormap_get_title (i)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);

  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
  gtk_drop_down_set_factory (self->dropdown, factory);
  gtk_widget_set_parent (GTK_WIDGET (self->dropdown), GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Colormap"),
                                  -1);
  g_signal_connect_swapped (self->dropdown, "notify::selected",
                            G_CALLBACK (selected_changed_cb), self);
}

GtkWidget *
sc_colormap_button_new (void)
{
  return g_object_new (SC_TYPE_COLORMAP_BUTTON, NULL);
}

ScColormap
sc_colormap_button_get_colormap (ScColormapButton *self)
{
  guint selected;

  g_return_val_if_fail (SC_IS_COLORMAP_BUTTON (self), SC_COLORMAP_GRAY);

  selected = gtk_drop_down_get_selected (self->dropdown);
  return selected < SC_N_COLORMAPS ? (ScColormap) selected : SC_COLORMAP_GRAY;
}

void
sc_colormap_button_set_colormap (ScColormapButton *self,
                                 ScColormap        colormap)
{
  g_return_if_fail (SC_IS_COLORMAP_BUTTON (self));
  g_return_if_fail ((guint) colormap < SC_N_COLORMAPS);

  gtk_drop_down_set_selected (self->dropdown, colormap);
}
