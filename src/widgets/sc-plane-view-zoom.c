/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-plane-view"

#include "config.h"

#include <math.h>

#include "sc-plane-view-private.h"


double
_sc_plane_view_fit_zoom (ScPlaneView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->width == 0 || self->height == 0 || w <= 0 || h <= 0)
    return 1.0;

  return CLAMP (MIN (w / (self->width * self->aspect_x), h / (self->height * self->aspect_y)),
                SC_PLANE_VIEW_MIN_ZOOM, SC_PLANE_VIEW_MAX_ZOOM);
}

/* Changes the zoom keeping the image point under widget point (wx, wy) in place. */
void
_sc_plane_view_zoom_at (ScPlaneView *self,
                        double       zoom,
                        double       wx,
                        double       wy)
{
  double ox, oy, ix, iy;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  /* a view whose zoom follows another's does not zoom on its own */
  if (self->zoom_locked)
    return;
  zoom = CLAMP (zoom, SC_PLANE_VIEW_MIN_ZOOM, SC_PLANE_VIEW_MAX_ZOOM);
  _sc_plane_view_get_origin (self, &ox, &oy);
  ix = (wx - ox) / _sc_plane_view_scale_x (self);
  iy = (wy - oy) / _sc_plane_view_scale_y (self);

  if (self->fit)
    {
      self->fit = FALSE;
      _sc_plane_view_notify_fit (self);
    }

  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  _sc_plane_view_configure_adjustments (self);
  if (self->width * zoom * self->aspect_x > w)
    gtk_adjustment_set_value (self->hadjustment, ix * zoom * self->aspect_x - wx);
  if (self->height * zoom * self->aspect_y > h)
    gtk_adjustment_set_value (self->vadjustment, iy * zoom * self->aspect_y - wy);

  _sc_plane_view_notify_zoom (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_sc_plane_view_zoom_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  ScPlaneView *self = SC_PLANE_VIEW (widget);

  if (g_str_equal (action_name, "plane.zoom-in"))
    sc_plane_view_zoom_in (self);
  else if (g_str_equal (action_name, "plane.zoom-out"))
    sc_plane_view_zoom_out (self);
  else if (g_str_equal (action_name, "plane.zoom-fit"))
    sc_plane_view_zoom_to_fit (self);
  else
    sc_plane_view_set_zoom (self, 1.0);
}

double
sc_plane_view_get_zoom (ScPlaneView *self)
{
  g_return_val_if_fail (SC_IS_PLANE_VIEW (self), 1.0);

  return self->zoom;
}

void
sc_plane_view_set_zoom (ScPlaneView *self,
                        double       zoom)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  _sc_plane_view_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                          gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
sc_plane_view_zoom_to_fit (ScPlaneView *self)
{
  double z;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  if (self->zoom_locked)
    return;
  z = _sc_plane_view_fit_zoom (self);
  if (!self->fit)
    {
      self->fit = TRUE;
      _sc_plane_view_notify_fit (self);
    }
  if (z != self->zoom)
    {
      self->zoom = z;
      _sc_plane_view_notify_zoom (self);
    }
  _sc_plane_view_configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Steps go through powers of SC_PLANE_VIEW_ZOOM_STEP but land on 1:1 on the way. */
void
sc_plane_view_zoom_in (ScPlaneView *self)
{
  double z;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  z = self->zoom * SC_PLANE_VIEW_ZOOM_STEP;
  if (self->zoom < 1.0 && z > 1.0)
    z = 1.0;
  sc_plane_view_set_zoom (self, z);
}

void
sc_plane_view_zoom_out (ScPlaneView *self)
{
  double z;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  z = self->zoom / SC_PLANE_VIEW_ZOOM_STEP;
  if (self->zoom > 1.0 && z < 1.0)
    z = 1.0;
  sc_plane_view_set_zoom (self, z);
}

gboolean
sc_plane_view_widget_to_image (ScPlaneView *self,
                               double       wx,
                               double       wy,
                               double      *ix,
                               double      *iy)
{
  double ox, oy, x, y;

  g_return_val_if_fail (SC_IS_PLANE_VIEW (self), FALSE);
  g_return_val_if_fail (ix != NULL && iy != NULL, FALSE);

  if (self->width == 0)
    return FALSE;

  _sc_plane_view_get_origin (self, &ox, &oy);
  x = (wx - ox) / _sc_plane_view_scale_x (self);
  y = (wy - oy) / _sc_plane_view_scale_y (self);
  *ix = x;
  *iy = y;
  return x >= 0 && y >= 0 && x < self->width && y < self->height;
}

void
sc_plane_view_follow_zoom (ScPlaneView *self,
                           double       zoom)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  self->zoom_locked = TRUE;
  if (self->fit)
    {
      self->fit = FALSE;
      _sc_plane_view_notify_fit (self);
    }
  zoom = CLAMP (zoom, SC_PLANE_VIEW_MIN_ZOOM, SC_PLANE_VIEW_MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  _sc_plane_view_configure_adjustments (self);
  _sc_plane_view_notify_zoom (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sc_plane_view_set_pixel_aspect (ScPlaneView *self,
                                double       aspect_x,
                                double       aspect_y)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));
  g_return_if_fail (aspect_x > 0 && aspect_y > 0);

  if (aspect_x == self->aspect_x && aspect_y == self->aspect_y)
    return;
  self->aspect_x = aspect_x;
  self->aspect_y = aspect_y;
  _sc_plane_view_configure_adjustments (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sc_plane_view_get_pixel_aspect (ScPlaneView *self,
                                double      *aspect_x,
                                double      *aspect_y)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  *aspect_x = self->aspect_x;
  *aspect_y = self->aspect_y;
}
