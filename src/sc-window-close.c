/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Closing tabs and windows without losing a result: a result that has not been exported, a
 * projection that runs and those that wait are only discarded after a question, as GNOME
 * Text Editor asks before it closes an unsaved document. */
#define G_LOG_DOMAIN "sc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-window-private.h"

guint
_sc_window_count_unsaved (ScWindow *self)
{
  guint n = self->projections ? sc_projection_queue_get_n_waiting (self->projections) : 0;
  int n_pages = self->tab_view ? adw_tab_view_get_n_pages (self->tab_view) : 0;

  for (int i = 0; i < n_pages; i++)
    {
      AdwTabPage *tab = adw_tab_view_get_nth_page (self->tab_view, i);

      if (sc_page_get_unsaved (SC_PAGE (adw_tab_page_get_child (tab))))
        n++;
    }
  return n;
}

static gboolean
page_is_running (ScWindow *self,
                 ScPage   *page)
{
  ScProjectionTask *running = sc_projection_queue_get_running (self->projections);

  return running != NULL && sc_projection_task_get_page (running) == page;
}

static AdwMessageDialog *
new_question (ScWindow   *self,
              const char *heading,
              const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), "discard", _("Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* One tab */

typedef struct {
  ScWindow   *window;
  AdwTabPage *tab;
} TabQuestion;

static void
tab_question_free (TabQuestion *q)
{
  g_object_unref (q->window);
  g_object_unref (q->tab);
  g_free (q);
}

static void
close_tab_now (ScWindow   *self,
               AdwTabPage *tab)
{
  ScPage *page = SC_PAGE (adw_tab_page_get_child (tab));

  if (page_is_running (self, page))
    {
      /* the projection stops, and its tab closes once it has (those waiting still run) */
      sc_projection_queue_stop_running (self->projections);
      adw_tab_view_close_page_finish (self->tab_view, tab, FALSE);
    }
  else
    adw_tab_view_close_page_finish (self->tab_view, tab, TRUE);
}

static void
tab_question_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 TabQuestion      *q)
{
  if (gtk_widget_in_destruction (GTK_WIDGET (q->window)))
    return;
  if (g_str_equal (response, "discard"))
    close_tab_now (q->window, q->tab);
  else
    adw_tab_view_close_page_finish (q->window->tab_view, q->tab, FALSE);
}

gboolean
_sc_window_close_page (ScWindow   *self,
                       AdwTabPage *tab)
{
  ScPage *page = SC_PAGE (adw_tab_page_get_child (tab));
  AdwMessageDialog *dialog;
  TabQuestion *q;
  g_autofree char *heading = NULL;

  /* the stack's own tab stays while it is open */
  if (page == self->source_page && !self->closing_unasked)
    {
      adw_tab_view_close_page_finish (self->tab_view, tab, FALSE);
      return GDK_EVENT_STOP;
    }
  if (self->closing_unasked || !sc_page_get_unsaved (page))
    {
      close_tab_now (self, tab);
      return GDK_EVENT_STOP;
    }

  heading = g_strdup_printf (_("Discard “%s”?"), sc_page_get_title (page));
  dialog = new_question (self, heading,
                         page_is_running (self, page)
                           ? _("Its projection is still running. Closing the tab stops it, "
                               "and nothing of it is kept.")
                           : _("This result has not been exported. Closing the tab loses it."));
  q = g_new0 (TabQuestion, 1);
  q->window = g_object_ref (self);
  q->tab = g_object_ref (tab);
  g_signal_connect_data (dialog, "response", G_CALLBACK (tab_question_cb), q,
                         (GClosureNotify) tab_question_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GDK_EVENT_STOP;
}

/* The window */

static void
window_question_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ScWindow         *self)
{
  if (!g_str_equal (response, "discard") || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  self->discard_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
_sc_window_close_request (ScWindow *self)
{
  guint n = _sc_window_count_unsaved (self);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  const char *body;

  if (self->discard_confirmed || n == 0)
    return FALSE;
  if (self->discard_question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_question));
      return TRUE;
    }

  heading = g_strdup_printf (ngettext ("Discard %u unsaved result?", "Discard %u unsaved results?",
                                       n), n);
  if (sc_projection_queue_get_is_running (self->projections))
    body = ngettext ("A projection is still running. Closing the window stops it; export the "
                     "result first to keep it.",
                     "A projection is still running. Closing the window stops it; export the "
                     "results first to keep them.", n);
  else
    body = ngettext ("It has not been exported. Closing the window loses it.",
                     "They have not been exported. Closing the window loses them.", n);
  dialog = new_question (self, heading, body);
  g_set_weak_pointer (&self->discard_question, GTK_WIDGET (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (window_question_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}
