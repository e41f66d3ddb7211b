using System;
using System.Threading.Tasks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;

namespace ObserveRtc.Functions;

/// <summary>
/// One SFU's Durable entity (key: <see cref="EntityKeys.For"/> of the sfuId). Thin: each operation
/// runs <see cref="SfuEntityLogic"/> with the current time and applies its step. Operations
/// dispatch by public method name, case-insensitively: <see cref="SfuEntityOperations.Observe"/>
/// ("observe") runs <see cref="Observe"/>, <see cref="SfuEntityOperations.Tick"/> ("tick") runs <see cref="Tick"/>.
/// </summary>
public sealed class SfuEntity(SfuEntityLogic logic, TimeProvider time, ILogger<SfuEntity> logger) : TaskEntity<SfuEntityState>
{
    /// <summary>A batch's samples of this SFU.</summary>
    public Task Observe(SfuObservation observation) =>
        ApplyAsync(SfuEntityOperations.Observe, () => logic.ObserveAsync(State, observation, Now()));

    /// <summary>The entity's own timer signal; a stale token does nothing.</summary>
    public Task Tick(string? token = null) =>
        ApplyAsync(SfuEntityOperations.Tick, () => logic.TickAsync(State, token, Now()));

    [Function(nameof(SfuEntity))]
    public static Task Run([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<SfuEntity>();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task ApplyAsync(string operation, Func<Task<EntityStep<SfuEntityState>>> run)
    {
        try
        {
            var step = await run();
            // A null state deletes the entity (TaskEntity<T>.State: "setting this to null" deletes).
            State = step.State!;
            foreach (var error in step.Errors) Log.EntityError(logger, nameof(SfuEntity), Context.Id.Key, operation, error);
            if (step.Dropped > 0) Log.ReportsDropped(logger, nameof(SfuEntity), Context.Id.Key, operation, step.Dropped);
            if (step.Timer is { } timer)
            {
                Context.SignalEntity(Context.Id, SfuEntityOperations.Tick, timer.Token,
                    new SignalEntityOptions { SignalTime = DateTimeOffset.FromUnixTimeMilliseconds(timer.DueMs) });
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Throwing would roll back the state and lose the signal's input; keep the state as loaded.
            Log.EntityFailed(logger, e, nameof(SfuEntity), Context.Id.Key, operation);
        }
    }
}
