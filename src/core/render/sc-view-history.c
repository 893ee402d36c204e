/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-view-history"

#include "config.h"

#include "sc-view-history.h"

/* What an edit changed, field by field: an undo puts back those fields only. */
typedef enum {
  FIELD_RANGE     = 1 << 0,
  FIELD_GAMMA     = 1 << 1,
  FIELD_LOG       = 1 << 2,
  FIELD_LUT       = 1 << 3,   /* the colormap and the LUT */
  FIELD_VISIBLE   = 1 << 4,
  FIELD_COMPOSITE = 1 << 5,
} Fields;

/* Fields that change in runs of small steps (spin buttons, sliders), which merge. */
#define CONTINUOUS (FIELD_RANGE | FIELD_GAMMA)

/* One channel's settings before and after a step (composite rides along). */
typedef struct {
  guint          c;
  ScViewSettings before;
  ScViewSettings after;
} Change;

typedef struct {
  GArray *changes;   /* Change, in the order they were made */
  Fields  kind;      /* every field the step's edits changed */
  gint64  time;      /* of its last edit (monotonic µs) */
} Step;

struct _ScViewHistory
{
  GObject       parent_instance;

  ScViewState  *view_state;
  GSignalGroup *signals;
  GPtrArray    *undo;          /* Step, oldest first */
  GPtrArray    *redo;          /* Step, the next to redo last */
  gint64        merge_us;
  gboolean      in_action;     /* between "begin-user-action" and "end-user-action" */
  gboolean      action_step;   /* the user action has its step: the last one */
  gboolean      sealed;        /* the last step takes no more edits */
  gboolean      applying;      /* the edits are an undo's or a redo's own */
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScViewHistory, sc_view_history, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static Step *
step_new (void)
{
  Step *step = g_new0 (Step, 1);

  step->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_array_unref (step->changes);
  g_free (step);
}

static Fields
diff (const ScViewSettings *a,
      const ScViewSettings *b)
{
  Fields f = 0;

  if (a->params.min != b->params.min || a->params.max != b->params.max)
    f |= FIELD_RANGE;
  if (a->params.gamma != b->params.gamma)
    f |= FIELD_GAMMA;
  if (!a->params.log_scale != !b->params.log_scale)
    f |= FIELD_LOG;
  /* the view state's LUTs are the process's own copies: one pointer per content */
  if (a->params.colormap != b->params.colormap || a->params.lut != b->params.lut)
    f |= FIELD_LUT;
  if (!a->visible != !b->visible)
    f |= FIELD_VISIBLE;
  if (!a->composite != !b->composite)
    f |= FIELD_COMPOSITE;
  return f;
}

static void
copy_fields (ScViewSettings       *dest,
             const ScViewSettings *src,
             Fields                fields)
{
  if (fields & FIELD_RANGE)
    {
      dest->params.min = src->params.min;
      dest->params.max = src->params.max;
    }
  if (fields & FIELD_GAMMA)
    dest->params.gamma = src->params.gamma;
  if (fields & FIELD_LOG)
    dest->params.log_scale = src->params.log_scale;
  if (fields & FIELD_LUT)
    {
      dest->params.colormap = src->params.colormap;
      dest->params.lut = src->params.lut;
    }
  if (fields & FIELD_VISIBLE)
    dest->visible = src->visible;
  if (fields & FIELD_COMPOSITE)
    dest->composite = src->composite;
}

/* Adds an edit of channel c to step: a channel it changed already keeps its first
 * "before", and takes the fields this edit changed into its "after". */
static void
step_add (Step                 *step,
          guint                 c,
          const ScViewSettings *before,
          const ScViewSettings *after,
          Fields                fields)
{
  Change change = { c, *before, *after };

  step->kind |= fields;
  for (guint i = 0; i < step->changes->len; i++)
    {
      Change *old = &g_array_index (step->changes, Change, i);

      if (old->c == c)
        {
          copy_fields (&old->after, after, fields);
          return;
        }
    }
  g_array_append_val (step->changes, change);
}

/* Whether the step's edits, merged, came back to where they started. */
static gboolean
step_is_empty (const Step *step)
{
  for (guint i = 0; i < step->changes->len; i++)
    {
      const Change *change = &g_array_index (step->changes, Change, i);

      if (diff (&change->before, &change->after) != 0)
        return FALSE;
    }
  return TRUE;
}

static Step *
last_step (GPtrArray *steps)
{
  return steps->len > 0 ? g_ptr_array_index (steps, steps->len - 1) : NULL;
}

/* Notifies "can-undo" and "can-redo" where they changed from could_undo and could_redo. */
static void
notify_changes (ScViewHistory *self,
                gboolean       could_undo,
                gboolean       could_redo)
{
  if (could_undo != (self->undo->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != (self->redo->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static gboolean
can_merge (ScViewHistory *self,
           const Step    *step,
           guint          c,
           Fields         fields,
           gint64         now)
{
  if (step == NULL)
    return FALSE;
  if (self->in_action)
    return self->action_step;
  return !self->sealed && self->merge_us > 0 && now - step->time < self->merge_us &&
         (fields & ~CONTINUOUS) == 0 && step->kind == fields && step->changes->len == 1 &&
         g_array_index (step->changes, Change, 0).c == c;
}

static void
edited_cb (ScViewHistory        *self,
           guint                 c,
           const ScViewSettings *before,
           ScViewState          *view_state)
{
  gboolean could_undo = self->undo->len > 0, could_redo = self->redo->len > 0;
  gint64 now = g_get_monotonic_time ();
  ScViewSettings after;
  Fields fields;
  Step *step;

  if (self->applying)
    return;
  sc_view_state_get_settings (view_state, c, &after);
  fields = diff (before, &after);
  if (fields == 0)
    return;

  g_ptr_array_set_size (self->redo, 0);
  step = last_step (self->undo);
  if (!can_merge (self, step, c, fields, now))
    {
      step = step_new ();
      g_ptr_array_add (self->undo, step);
      self->action_step = self->in_action;
      self->sealed = FALSE;
    }
  step_add (step, c, before, &after, fields);
  step->time = now;
  if (step_is_empty (step))
    {
      /* a value dragged back to where it was: nothing to undo */
      g_ptr_array_remove_index (self->undo, self->undo->len - 1);
      self->action_step = FALSE;
    }
  if (self->undo->len > SC_VIEW_HISTORY_MAX_STEPS)
    g_ptr_array_remove_range (self->undo, 0, self->undo->len - SC_VIEW_HISTORY_MAX_STEPS);
  notify_changes (self, could_undo, could_redo);
}

static void
begin_user_action_cb (ScViewHistory *self)
{
  self->in_action = TRUE;
  self->action_step = FALSE;
}

static void
end_user_action_cb (ScViewHistory *self)
{
  self->in_action = FALSE;
  self->action_step = FALSE;
  self->sealed = TRUE;
}

/* Sets the fields of channel c's settings to target's, through the view state's setters
 * (so that every signal is as for the user's own edit). */
static void
apply_change (ScViewState          *vs,
              guint                 c,
              const ScViewSettings *target,
              Fields                fields)
{
  const ScRenderParams *p = &target->params;

  if (fields & FIELD_COMPOSITE)
    sc_view_state_set_composite (vs, target->composite);
  if (fields & FIELD_VISIBLE)
    sc_view_state_set_visible (vs, c, target->visible);
  if (fields & FIELD_LUT)
    {
      sc_view_state_set_colormap (vs, c, p->colormap);
      if (p->lut != NULL)
        sc_view_state_set_lut (vs, c, p->lut);
    }
  if (fields & FIELD_LOG)
    sc_view_state_set_log_scale (vs, c, p->log_scale);
  if (fields & FIELD_GAMMA)
    sc_view_state_set_gamma (vs, c, p->gamma);
  if (fields & FIELD_RANGE)
    sc_view_state_set_range (vs, c, p->min, p->max);
}

/* Moves the last step of from to to, applying its "before" (undo) or "after" (redo). */
static gboolean
move_step (ScViewHistory *self,
           GPtrArray     *from,
           GPtrArray     *to,
           gboolean       undo)
{
  gboolean could_undo = self->undo->len > 0, could_redo = self->redo->len > 0;
  Step *step;

  if (from->len == 0 || self->view_state == NULL)
    return FALSE;

  step = g_ptr_array_steal_index (from, from->len - 1);
  self->applying = TRUE;
  for (guint k = 0; k < step->changes->len; k++)
    {
      guint i = undo ? step->changes->len - 1 - k : k;
      const Change *change = &g_array_index (step->changes, Change, i);

      apply_change (self->view_state, change->c, undo ? &change->before : &change->after,
                    diff (&change->before, &change->after));
    }
  self->applying = FALSE;
  g_ptr_array_add (to, step);
  self->sealed = TRUE;
  notify_changes (self, could_undo, could_redo);
  return TRUE;
}

/* GObject */

static void
sc_view_history_dispose (GObject *object)
{
  ScViewHistory *self = SC_VIEW_HISTORY (object);

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->view_state);

  G_OBJECT_CLASS (sc_view_history_parent_class)->dispose (object);
}

static void
sc_view_history_finalize (GObject *object)
{
  ScViewHistory *self = SC_VIEW_HISTORY (object);

  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (sc_view_history_parent_class)->finalize (object);
}

static void
sc_view_history_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScViewHistory *self = SC_VIEW_HISTORY (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sc_view_history_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, sc_view_history_get_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_view_history_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScViewHistory *self = SC_VIEW_HISTORY (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      sc_view_history_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_view_history_class_init (ScViewHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sc_view_history_dispose;
  object_class->finalize = sc_view_history_finalize;
  object_class->get_property = sc_view_history_get_property;
  object_class->set_property = sc_view_history_set_property;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SC_TYPE_VIEW_STATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_view_history_init (ScViewHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
  self->merge_us = (gint64) SC_VIEW_HISTORY_MERGE_MS * 1000;

  self->signals = g_signal_group_new (SC_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->signals, "edited", G_CALLBACK (edited_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "begin-user-action",
                                 G_CALLBACK (begin_user_action_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "end-user-action",
                                 G_CALLBACK (end_user_action_cb), self, G_CONNECT_SWAPPED);
}

/* Public */

ScViewHistory *
sc_view_history_new (ScViewState *view_state)
{
  g_return_val_if_fail (view_state == NULL || SC_IS_VIEW_STATE (view_state), NULL);

  return g_object_new (SC_TYPE_VIEW_HISTORY, "view-state", view_state, NULL);
}

ScViewState *
sc_view_history_get_view_state (ScViewHistory *self)
{
  g_return_val_if_fail (SC_IS_VIEW_HISTORY (self), NULL);
  return self->view_state;
}

void
sc_view_history_set_view_state (ScViewHistory *self,
                                ScViewState   *view_state)
{
  g_return_if_fail (SC_IS_VIEW_HISTORY (self));
  g_return_if_fail (view_state == NULL || SC_IS_VIEW_STATE (view_state));

  if (view_state == self->view_state)
    return;
  sc_view_history_clear (self);
  g_set_object (&self->view_state, view_state);
  g_signal_group_set_target (self->signals, view_state);
  self->in_action = FALSE;
  self->action_step = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

gboolean
sc_view_history_get_can_undo (ScViewHistory *self)
{
  g_return_val_if_fail (SC_IS_VIEW_HISTORY (self), FALSE);
  return self->undo->len > 0;
}

gboolean
sc_view_history_get_can_redo (ScViewHistory *self)
{
  g_return_val_if_fail (SC_IS_VIEW_HISTORY (self), FALSE);
  return self->redo->len > 0;
}

gboolean
sc_view_history_undo (ScViewHistory *self)
{
  g_return_val_if_fail (SC_IS_VIEW_HISTORY (self), FALSE);
  return move_step (self, self->undo, self->redo, TRUE);
}

gboolean
sc_view_history_redo (ScViewHistory *self)
{
  g_return_val_if_fail (SC_IS_VIEW_HISTORY (self), FALSE);
  return move_step (self, self->redo, self->undo, FALSE);
}

void
sc_view_history_clear (ScViewHistory *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (SC_IS_VIEW_HISTORY (self));

  could_undo = self->undo->len > 0;
  could_redo = self->redo->len > 0;
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->action_step = FALSE;
  notify_changes (self, could_undo, could_redo);
}

void
sc_view_history_set_merge_time (ScViewHistory *self,
                                guint          ms)
{
  g_return_if_fail (SC_IS_VIEW_HISTORY (self));
  self->merge_us = (gint64) ms * 1000;
}

guint
sc_view_history_get_n_steps (ScViewHistory *self)
{
  g_return_val_if_fail (SC_IS_VIEW_HISTORY (self), 0);
  return self->undo->len;
}
