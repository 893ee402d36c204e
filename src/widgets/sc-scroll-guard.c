/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-scroll-guard"

#include "config.h"

#include <math.h>

#include "sc-scroll-guard.h"

static void
scroll_adjustment (GtkAdjustment *adjustment,
                   double         delta,
                   GdkScrollUnit  unit)
{
  double step;

  if (adjustment == NULL || delta == 0)
    return;
  /* as GtkScrolledWindow scrolls for a wheel */
  step = unit == GDK_SCROLL_UNIT_WHEEL ? pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0)
                                       : 1.0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + delta * step);
}

/* Runs in the capture phase, before the control's own scroll handling. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           gpointer                  user_data)
{
  GtkWidget *control = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *scroller;
  GdkScrollUnit unit;
  GtkPolicyType hpolicy;

  if ((gtk_widget_get_state_flags (control) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0)
    return FALSE;

  scroller = gtk_widget_get_ancestor (control, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller != NULL)
    {
      GtkScrolledWindow *sw = GTK_SCROLLED_WINDOW (scroller);

      unit = gtk_event_controller_scroll_get_unit (controller);
      scroll_adjustment (gtk_scrolled_window_get_vadjustment (sw), dy, unit);
      gtk_scrolled_window_get_policy (sw, &hpolicy, NULL);
      if (hpolicy != GTK_POLICY_NEVER && hpolicy != GTK_POLICY_EXTERNAL)
        scroll_adjustment (gtk_scrolled_window_get_hadjustment (sw), dx, unit);
    }
  /* the value stays as it is, wherever the panel is */
  return TRUE;
}

static void
guard (GtkWidget *control)
{
  GtkEventController *controller;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_name (controller, "sc-scroll-guard");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), NULL);
  gtk_widget_add_controller (control, controller);
}

void
sc_scroll_guard_attach (GtkWidget *container)
{
  g_return_if_fail (GTK_IS_WIDGET (container));

  if (GTK_IS_SPIN_BUTTON (container) || GTK_IS_RANGE (container))
    {
      guard (container);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (container); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sc_scroll_guard_attach (child);
}
