/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-plane-view"

#include "config.h"

#include <math.h>

#include "sc-plane-view-private.h"

/* Pointer, drag to pan, click for a pixel, the wheel for planes, Ctrl+wheel and pinch to
 * zoom. */

#define DRAG_THRESHOLD 4.0

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           ScPlaneView              *self)
{
  double ix = -1, iy = -1;

  self->pointer_x = x;
  self->pointer_y = y;
  if (!sc_plane_view_widget_to_image (self, x, y, &ix, &iy))
    ix = iy = -1;
  _sc_plane_view_emit_pointer_moved (self, ix, iy);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          ScPlaneView              *self)
{
  _sc_plane_view_emit_pointer_moved (self, -1.0, -1.0);
}

/* A touchpad scrolls in pixels: this many make one plane. */
#define WHEEL_PIXELS_PER_PLANE 24.0

/* The wheel moves through the planes, as in Fiji: down shows the next slice, Shift the next
 * frame. Fractions (touchpads, smooth wheels) add up to whole planes; a turn the other way,
 * or to the other axis, starts afresh. */
void
_sc_plane_view_add_wheel (ScPlaneView *self,
                          gboolean     frames,
                          double       planes)
{
  int steps;

  if (frames != self->wheel_frames || planes * self->wheel_delta < 0)
    self->wheel_delta = 0;
  self->wheel_frames = frames;
  self->wheel_delta += planes;
  steps = (int) self->wheel_delta;
  self->wheel_delta -= steps;
  if (steps != 0)
    _sc_plane_view_emit_wheel_step (self, frames, steps);
}

double
_sc_plane_view_wheel_planes (GdkScrollUnit unit,
                             double        delta)
{
  return unit == GDK_SCROLL_UNIT_SURFACE ? delta / WHEEL_PIXELS_PER_PLANE : delta;
}

static gboolean
wheel_step (ScPlaneView              *self,
            GtkEventControllerScroll *controller,
            gboolean                  frames,
            double                    delta)
{
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);

  _sc_plane_view_add_wheel (self, frames, _sc_plane_view_wheel_planes (unit, delta));
  return TRUE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           ScPlaneView              *self)
{
  GdkModifierType state;

  if (self->width == 0)
    return FALSE;
  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if (state & GDK_CONTROL_MASK)
    {
      if (dy == 0)
        return FALSE;
      /* Wheels send whole steps, touchpads fractions: both zoom smoothly. */
      _sc_plane_view_zoom_at (self, self->zoom * pow (SC_PLANE_VIEW_ZOOM_STEP, -dy),
                              self->pointer_x, self->pointer_y);
      return TRUE;
    }
  /* some systems turn Shift+wheel into a sideways scroll */
  if (state & GDK_SHIFT_MASK)
    return wheel_step (self, controller, TRUE, dy != 0 ? dy : dx);
  /* sideways (a tilting wheel, a touchpad) still pans the scrolled window */
  if (dy == 0)
    return FALSE;
  return wheel_step (self, controller, FALSE, dy);
}

static void
scroll_begin_cb (GtkEventControllerScroll *controller,
                 ScPlaneView              *self)
{
  self->wheel_delta = 0;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               ScPlaneView      *self)
{
  self->gesture_start_zoom = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       ScPlaneView    *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  _sc_plane_view_zoom_at (self, self->gesture_start_zoom * scale, cx, cy);
}

/* The point under widget point (wx, wy), kept inside the image: a drag that leaves the
 * image keeps the point on its edge, as Fiji's orthogonal views do. */
static void
emit_point (ScPlaneView *self,
            double       wx,
            double       wy)
{
  double ix, iy;

  if (self->width == 0 || self->height == 0)
    return;
  sc_plane_view_widget_to_image (self, wx, wy, &ix, &iy);
  _sc_plane_view_emit_point_dragged (self, CLAMP (ix, 0, self->width - 0.5),
                                     CLAMP (iy, 0, self->height - 0.5));
}

static gboolean
moves_point (ScPlaneView    *self,
             GtkGestureDrag *gesture)
{
  return self->point_drag &&
         gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_PRIMARY;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               ScPlaneView    *self)
{
  self->drag_start_h = gtk_adjustment_get_value (self->hadjustment);
  self->drag_start_v = gtk_adjustment_get_value (self->vadjustment);
  self->dragging = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (moves_point (self, gesture))
    emit_point (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                ScPlaneView    *self)
{
  if (!self->dragging && hypot (dx, dy) < DRAG_THRESHOLD)
    return;

  if (moves_point (self, gesture))
    {
      double sx, sy;

      self->dragging = TRUE;
      gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
      emit_point (self, sx + dx, sy + dy);
      return;
    }

  if (!self->dragging)
    {
      self->dragging = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  gtk_adjustment_set_value (self->hadjustment, self->drag_start_h - dx);
  gtk_adjustment_set_value (self->vadjustment, self->drag_start_v - dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             ScPlaneView    *self)
{
  double sx, sy, ix, iy;

  if (self->dragging)
    {
      self->dragging = FALSE;
      if (!moves_point (self, gesture))
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
      return;
    }

  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) != GDK_BUTTON_PRIMARY)
    return;

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  if (sc_plane_view_widget_to_image (self, sx + dx, sy + dy, &ix, &iy))
    _sc_plane_view_emit_pixel_activated (self, (guint) ix, (guint) iy);
}

void
_sc_plane_view_init_input (ScPlaneView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  g_signal_connect (controller, "scroll-begin", G_CALLBACK (scroll_begin_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
