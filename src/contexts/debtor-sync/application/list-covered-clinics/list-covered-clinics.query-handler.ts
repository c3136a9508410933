import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClinicCoverageRepository, type CoveredClinic } from '../ports/clinic-coverage.repository';
import { ListCoveredClinicsQuery } from './list-covered-clinics.query';

@QueryHandler(ListCoveredClinicsQuery)
export class ListCoveredClinicsHandler implements IQueryHandler<ListCoveredClinicsQuery, CoveredClinic[]> {
  constructor(private readonly coverage: ClinicCoverageRepository) {}

  execute(query: ListCoveredClinicsQuery): Promise<CoveredClinic[]> {
    return this.coverage.list(query.metadata.tenantId);
  }
}
