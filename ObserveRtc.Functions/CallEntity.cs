using System;
using System.Threading.Tasks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;

namespace ObserveRtc.Functions;

/// <summary>
/// One call's Durable entity (key: <see cref="EntityKeys.For"/> of the callId). Thin: each operation
/// runs <see cref="CallEntityLogic"/> with the current time and applies its step. Operations
/// dispatch by public method name, case-insensitively: <see cref="CallEntityOperations.Observe"/>
/// ("observe") runs <see cref="Observe"/>, <see cref="CallEntityOperations.Tick"/> ("tick") runs <see cref="Tick"/>.
/// </summary>
public sealed class CallEntity(CallEntityLogic logic, TimeProvider time, ILogger<CallEntity> logger) : TaskEntity<CallEntityState>
{
    /// <summary>A batch's samples of this call.</summary>
    public Task Observe(CallObservation observation) =>
        ApplyAsync(CallEntityOperations.Observe, () => logic.ObserveAsync(State, observation, Now()));

    /// <summary>The entity's own timer signal; a stale token does nothing.</summary>
    public Task Tick(string? token = null) =>
        ApplyAsync(CallEntityOperations.Tick, () => logic.TickAsync(State, token, Now()));

    [Function(nameof(CallEntity))]
    public static Task Run([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CallEntity>();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task ApplyAsync(string operation, Func<Task<EntityStep<CallEntityState>>> run)
    {
        try
        {
            var step = await run();
            // A null state deletes the entity (TaskEntity<T>.State: "setting this to null" deletes).
            State = step.State!;
            foreach (var error in step.Errors) Log.EntityError(logger, nameof(CallEntity), Context.Id.Key, operation, error);
            if (step.Dropped > 0) Log.ReportsDropped(logger, nameof(CallEntity), Context.Id.Key, operation, step.Dropped);
            if (step.Timer is { } timer)
            {
                Context.SignalEntity(Context.Id, CallEntityOperations.Tick, timer.Token,
                    new SignalEntityOptions { SignalTime = DateTimeOffset.FromUnixTimeMilliseconds(timer.DueMs) });
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Throwing would roll back the state and lose the signal's input; keep the state as loaded.
            Log.EntityFailed(logger, e, nameof(CallEntity), Context.Id.Key, operation);
        }
    }
}
