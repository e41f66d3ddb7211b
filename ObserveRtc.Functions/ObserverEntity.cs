using System;
using System.Threading.Tasks;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Entities;

namespace ObserveRtc.Functions;

/// <summary>
/// What the call and SFU entities share: run a Core operation with the current time, apply its step
/// (a null state deletes the entity, as <c>TaskEntity&lt;T&gt;.State</c> documents), schedule the tick
/// self-signal it asks for, and log what went wrong. No operation throws: throwing would roll back the
/// state and lose the signal's input.
/// </summary>
/// <typeparam name="TState">The entity's state.</typeparam>
public abstract class ObserverEntity<TState>(TimeProvider time, ILogger logger) : TaskEntity<TState>
    where TState : OutboxState
{
    /// <summary>The entity's name, for logs.</summary>
    private protected abstract string EntityName { get; }

    /// <summary>Now, epoch ms (entity operations are not replayed, so the wall clock is right here).</summary>
    private protected long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs <paramref name="run"/> and applies its step; <paramref name="tickOperation"/> names the timer's operation.</summary>
    private protected async Task ApplyAsync(string operation, string tickOperation, Func<Task<EntityStep<TState>>> run)
    {
        EntityStep<TState>? step = null;
        try
        {
            step = await run();
            State = step.State!;
            foreach (var error in step.Errors) Log.EntityError(logger, EntityName, Context.Id.Key, operation, error);
            if (step.Dropped > 0) Log.ReportsDropped(logger, EntityName, Context.Id.Key, operation, step.Dropped);
            if (step.Timer is { } timer)
            {
                Context.SignalEntity(Context.Id, tickOperation, timer.Token,
                    new SignalEntityOptions { SignalTime = DateTimeOffset.FromUnixTimeMilliseconds(timer.DueMs) });
            }
        }
        // No caller can cancel an entity operation, so any exception is a failure (a storage timeout
        // arrives as TaskCanceledException); a throw would roll the state back and lose the signal.
        catch (Exception e)
        {
            Log.EntityFailed(logger, e, EntityName, Context.Id.Key, operation);
            // The step's state is kept (a throw would roll it back and lose the signal), but a timer it
            // asked for and that was not scheduled must not stay pending in it.
            if (step is { Timer: not null, State: { } kept }) kept.TimerNotScheduled();
        }
    }
}
