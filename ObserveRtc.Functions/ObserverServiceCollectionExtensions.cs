using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;

namespace ObserveRtc.Functions;

/// <summary>Registers the observer's Core parts, built from the <c>ObserveRtc</c> configuration section.</summary>
internal static class ObserverServiceCollectionExtensions
{
    /// <summary>
    /// Reads <see cref="ObserverSettings"/> from <paramref name="configuration"/> (app settings
    /// <c>ObserveRtc__…</c>) with <see cref="ObserverSettings.Load"/>, as the local host does: a misspelt
    /// or invalid setting stops the worker at start with <see cref="ObserverSettingsException"/>, naming
    /// every problem. Builds the parts once (<see cref="ObserverServices.Create"/>) and registers them as singletons.
    /// </summary>
    public static IServiceCollection AddObserveRtc(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = ObserverSettings.Load(configuration);
        var observer = ObserverServices.Create(settings);
        services.AddSingleton(observer.Settings);
        services.AddSingleton(observer.Settings.IngestDefaults);
        services.AddSingleton(observer.ReportStore);
        services.AddSingleton(observer.Batch);
        services.AddSingleton(observer.Calls);
        services.AddSingleton(observer.Sfus);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
