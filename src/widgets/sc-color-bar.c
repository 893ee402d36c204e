/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-color-bar"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-color-bar.h"
#include "sc-format.h"

#define BAR_HEIGHT 14

struct _ScColorBar
{
  GtkWidget       parent_instance;

  ScRenderParams  params;
  gboolean        integer;
  guint8          lut[256 * 3];
};

G_DEFINE_FINAL_TYPE (ScColorBar, sc_color_bar, GTK_TYPE_WIDGET)

static char *
format_value (ScColorBar *self,
              double      v)
{
  return sc_format_value (self->integer ? round (v) : v);
}

static void
update_accessible (ScColorBar *self)
{
  g_autofree char *lo = format_value (self, self->params.min);
  g_autofree char *hi = format_value (self, self->params.max);
  g_autofree char *desc = g_strdup_printf ("%s: %s – %s",
                                           sc_colormap_get_name (self->params.colormap), lo, hi);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc,
                                  -1);
}

static void
sc_color_bar_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  ScColorBar *self = SC_COLOR_BAR (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  g_autofree guint32 *row = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  PangoLayout *layout;
  int lw, lh;
  GdkRGBA fg;

  if (w <= 0 || h <= 0)
    return;

  /* one texel per pixel column: the value under each column through the full mapping */
  row = g_new (guint32, w);
  for (int x = 0; x < w; x++)
    {
      double v = self->params.min + (self->params.max - self->params.min) * (x + 0.5) / w;
      guint8 i = sc_render_map_sample (&self->params, self->integer, v);

      row[x] = SC_RENDER_OPAQUE (self->lut[i * 3], self->lut[i * 3 + 1], self->lut[i * 3 + 2]);
    }
  bytes = g_bytes_new_take (g_steal_pointer (&row), (gsize) w * 4);
  texture = gdk_memory_texture_new (w, 1, GDK_MEMORY_DEFAULT, bytes, (gsize) w * 4);
  gtk_snapshot_append_texture (snapshot, texture, &GRAPHENE_RECT_INIT (0, 0, w, BAR_HEIGHT));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  lo = format_value (self, self->params.min);
  hi = format_value (self, self->params.max);

  layout = gtk_widget_create_pango_layout (widget, lo);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, BAR_HEIGHT + 2));
  gtk_snapshot_append_layout (snapshot, layout, &fg);
  gtk_snapshot_restore (snapshot);

  pango_layout_set_text (layout, hi, -1);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (w - lw, BAR_HEIGHT + 2));
  gtk_snapshot_append_layout (snapshot, layout, &fg);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
sc_color_bar_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 64;
      *natural = 256;
    }
  else
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, "0");
      int lh;

      pango_layout_get_pixel_size (layout, NULL, &lh);
      g_object_unref (layout);
      *minimum = *natural = BAR_HEIGHT + 2 + lh;
    }
}

static void
sc_color_bar_class_init (ScColorBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = sc_color_bar_snapshot;
  widget_class->measure = sc_color_bar_measure;

  gtk_widget_class_set_css_name (widget_class, "colorbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sc_color_bar_init (ScColorBar *self)
{
  sc_render_params_init (&self->params, 0, 255, SC_COLORMAP_GRAY);
  memcpy (self->lut, sc_colormap_get_table (SC_COLORMAP_GRAY), sizeof self->lut);
  gtk_widget_add_css_class (GTK_WIDGET (self), "caption");
}

GtkWidget *
sc_color_bar_new (void)
{
  return g_object_new (SC_TYPE_COLOR_BAR, NULL);
}

void
sc_color_bar_set_params (ScColorBar           *self,
                         const ScRenderParams *params,
                         gboolean              integer)
{
  g_return_if_fail (SC_IS_COLOR_BAR (self));
  g_return_if_fail (params != NULL);

  self->params = *params;
  memcpy (self->lut, params->lut ? params->lut : sc_colormap_get_table (params->colormap),
          sizeof self->lut);
  self->params.lut = NULL;
  self->integer = integer;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
